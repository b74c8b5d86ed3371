//! The warehouse terminal at 80x24 and 40x16: nothing that matters is cut (codes, orders,
//! quantities, marks, messages), and every word on a Russian screen is Russian (no catalog
//! key, no stored enum name). Drawn headless with ratatui's TestBackend.

mod demo_file;
use std::sync::{Arc, Mutex, MutexGuard};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::demo::{DemoSpec, generate_at};
use stockroom::domain::{DefectReason, Delivery, DeliveryMethod, Destination};
use stockroom::i18n::{self, Lang};
use stockroom::inventory::{Command, Inventory, InventoryExt, LocalInventory, SkuSpec};
use stockroom::tui::app::{App, Status};
use stockroom::tui::keymap::Keymap;
use stockroom::tui::scanner::ManualClock;
use stockroom::tui::view;

/// 2026-11-20 12:00 UTC: every test sees the same clock and the same demo.
const NOW: i64 = 1_795_176_000_000;

/// The interface language is process-wide; tests that draw take turns.
static LANG: Mutex<()> = Mutex::new(());

/// Two SKUs with 20-character codes and a billion units reserved under long orders each;
/// the second has a billion more available, a billion short of its minimum.
const LONG: [&str; 2] = ["SPOON-WOOD-HOHLOM-03", "SPOON-WOOD-HOHLOM-04"];
const BILLION: u64 = 1_000_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    inv: Arc<LocalInventory>,
    _guard: MutexGuard<'static, ()>,
}

fn run(inv: &LocalInventory, cmd: Command) {
    inv.execute(cmd).unwrap();
}

/// A demo shop, plus the long codes and big numbers a warehouse terminal must show whole,
/// plus a return of a damaged unit and a count in progress.
fn fixture(lang: Lang) -> Fixture {
    let guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(lang);
    let dir = tempfile::tempdir().unwrap();
    let spec = DemoSpec {
        skus: 24,
        days: 14,
        seed: 7,
        seasons: false,
    };
    let inv = demo_file::demo_inventory(dir.path(), lang, "anna", &spec, NOW);
    for (i, code) in LONG.iter().enumerate() {
        run(
            &inv,
            Command::AddSku(SkuSpec {
                code: code.to_string(),
                name: Some(format!(
                    "Ложка деревянная хохломская расписная большая №{i}"
                )),
                barcodes: vec![format!("460000000099{i}")],
                min_stock: Some(if i == 1 { BILLION } else { 5 }),
                ..SkuSpec::default()
            }),
        );
        run(
            &inv,
            Command::Receive {
                sku: code.to_string(),
                qty: BILLION,
                at: None,
                reference: None,
            },
        );
        // The second holds two billion: a billion stays available, just under its minimum.
        if i == 1 {
            run(
                &inv,
                Command::Receive {
                    sku: code.to_string(),
                    qty: BILLION,
                    at: None,
                    reference: None,
                },
            );
        }
        run(
            &inv,
            Command::Reserve {
                sku: code.to_string(),
                qty: BILLION,
                channel: "Ozon".into(),
                order: Some(format!("OZ-98765432{i}")),
                at: None,
                delivery: Delivery {
                    method: Some(DeliveryMethod::Regional),
                    destination: Some(Destination::Door),
                    address: None,
                },
            },
        );
    }
    let mut app = App::new(inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.clock = ManualClock::new().clock();
    app.reload();
    // A damaged return, so the ledger holds a movement kind with a reason.
    let shipped = app
        .history
        .rows
        .iter()
        .find(|m| m.kind.to_string() == "ship")
        .map(|m| (m.code.clone(), m.channel.clone(), m.reference.clone()));
    if let Some((code, Some(channel), Some(order))) = shipped {
        run(
            &inv,
            Command::Return {
                sku: code,
                qty: 1,
                channel,
                defect: Some(DefectReason::ShippingDamage),
                at: None,
                order: Some(order),
                note: None,
            },
        );
    }
    // A count: a long code counted far below its billion, and a demo SKU.
    run(
        &inv,
        Command::CountStart {
            at: None,
            filter: None,
            blind: false,
        },
    );
    let demo = app.skus.row(0).unwrap().code.clone();
    for (code, qty) in [(LONG[0], 7), (demo.as_str(), 2)] {
        run(
            &inv,
            Command::CountAdd {
                session: 1,
                sku: code.to_string(),
                qty,
            },
        );
    }
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

/// Every pane, form and overlay a user can reach, as keys typed from the start.
const PLACES: &[&str] = &[
    "",
    "j enter",
    "r",
    "v",
    "v tab tab tab",
    "s",
    "t",
    "a",
    "d",
    "w",
    "r text:5 enter",
    "2",
    "2 G",
    "2 G s text:1000000000",
    "2 G x",
    "2 u",
    "2 G p",
    "2 G p text:0000000 enter",
    "3",
    "3 b",
    "3 p",
    "3 c",
    "3 c c",
    "4",
    "4 l l",
    "4 e",
    "4 e tab tab tab tab",
    "5",
    "5 f2",
    "5 f2 ctrl-a",
    "h",
    "?",
    // Last: it writes (the first SKU leaves the first channel's list).
    "4 space",
];

/// Stored names that must never reach a screen: each is a whole word there.
const ENGLISH_ENUMS: &[&str] = &[
    "restock",
    "regional",
    "courier",
    "pickup",
    "cdek",
    "door",
    "true",
    "false",
    "yes",
    "no",
    "manufacturing",
    "packaging",
    "shipping",
    "damage",
    "receive",
    "reserve",
    "ship",
    "sell",
    "adjust",
    "transfer",
    "writeoff",
    "backorder",
    "picked",
    "open",
    "applied",
    "conflict",
    "moved",
    "shortage",
    "owner",
    "packer",
    "counter",
    "viewer",
    "marketplace",
];

/// What on a screen looks like a name from the code rather than a word: a snake_case
/// identifier, a catalog key, or (in Russian) a stored English enum name.
fn raw_names(s: &str, lang: Lang) -> Vec<String> {
    let mut found = Vec::new();
    for key in [
        "tui.", "cli.", "col.", "field.", "pane.", "kind.", "reason.",
    ] {
        if s.contains(key) {
            found.push(key.to_string());
        }
    }
    let words = s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    for w in words.filter(|w| !w.is_empty()) {
        let letters = w.trim_matches('_');
        let snake = letters.contains('_')
            && letters
                .split('_')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()));
        if snake {
            found.push(w.to_string());
        }
        if lang == Lang::Ru && ENGLISH_ENUMS.contains(&w.to_ascii_lowercase().as_str()) {
            found.push(w.to_string());
        }
    }
    found
}

/// A new App over the fixture's shop, as if started again.
fn fresh(f: &mut Fixture) {
    let mut app = App::new(f.inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.clock = ManualClock::new().clock();
    app.reload();
    f.app = app;
}

/// Draws every place at every size (each from a fresh start), and the help scrolled
/// through to its end.
fn screens(lang: Lang) -> Vec<(String, String)> {
    let mut f = fixture(lang);
    let mut out = Vec::new();
    for keys in PLACES {
        for (w, h) in [(120, 40), (80, 24), (40, 16)] {
            fresh(&mut f);
            f.app.type_keys(keys);
            let mut s = screen(&mut f.app, w, h);
            out.push((format!("{keys:?} at {w}x{h}"), s.clone()));
            if f.app.help {
                for page in 1..40 {
                    f.app.type_keys(&vec!["down"; h as usize].join(" "));
                    let next = screen(&mut f.app, w, h);
                    if next == s {
                        break;
                    }
                    out.push((format!("{keys:?} page {page} at {w}x{h}"), next.clone()));
                    s = next;
                }
            }
        }
    }
    out
}

#[test]
fn every_russian_screen_is_in_russian() {
    let mut bad = Vec::new();
    let mut seen = 0;
    for (place, s) in screens(Lang::Ru) {
        seen += 1;
        let raw = raw_names(&s, Lang::Ru);
        if !raw.is_empty() {
            bad.push(format!("{place}: {raw:?}\n{s}"));
        }
    }
    assert!(seen > PLACES.len() * 3, "drew {seen} screens");
    assert!(bad.is_empty(), "untranslated names:\n{}", bad.join("\n"));
}

#[test]
fn no_english_screen_shows_a_stored_name() {
    let mut bad = Vec::new();
    for (place, s) in screens(Lang::En) {
        let raw = raw_names(&s, Lang::En);
        if !raw.is_empty() {
            bad.push(format!("{place}: {raw:?}\n{s}"));
        }
    }
    assert!(
        bad.is_empty(),
        "stored names on screen:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_finds_raw_names() {
    // The check itself: it catches each kind of leak, and passes Russian words.
    assert!(!raw_names("доставка: ‹ shipping_damage ›", Lang::Ru).is_empty());
    assert!(!raw_names("при низком: false", Lang::Ru).is_empty());
    assert!(!raw_names("regional → дверь", Lang::Ru).is_empty());
    assert!(!raw_names("tui.count_none", Lang::Ru).is_empty());
    assert!(raw_names("региональная → дверь · ctrl-a · Ozon", Lang::Ru).is_empty());
}

/// The lines of a screen that hold `needle`.
fn lines_with<'a>(s: &'a str, needle: &str) -> Vec<&'a str> {
    s.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn long_codes_orders_and_big_numbers_are_whole() {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        // The queue: each long order shows its code, its order and its billion.
        f.app.type_keys("2 G");
        let s = screen(&mut f.app, w, h);
        for (i, code) in LONG.iter().enumerate() {
            assert!(s.contains(code), "{w}x{h} queue shows {code}:\n{s}");
            assert!(
                s.contains(&format!("OZ-98765432{i}")),
                "{w}x{h} queue shows the order of {code}:\n{s}"
            );
            let row = lines_with(&s, code);
            assert!(
                row.iter().any(|l| l.contains("1000000000")),
                "{w}x{h} queue shows the quantity of {code} whole:\n{s}"
            );
        }
        // The alerts: both codes whole, the billion available whole.
        f.app.type_keys("3");
        let s = screen(&mut f.app, w, h);
        for code in LONG {
            assert!(s.contains(code), "{w}x{h} alerts show {code}:\n{s}");
        }
        assert!(s.contains("1000000000"), "{w}x{h} alerts:\n{s}");
        // The history: the billion received, whole, with its code.
        f.app.type_keys("h");
        let s = screen(&mut f.app, w, h);
        assert!(s.contains("+1000000000"), "{w}x{h} history:\n{s}");
        assert!(s.contains(LONG[1]), "{w}x{h} history:\n{s}");
        // The reconciliation: the code whole, the numbers whole, the mark kept.
        f.app.type_keys("5 f2");
        let s = screen(&mut f.app, w, h);
        assert!(s.contains(LONG[0]), "{w}x{h} reconciliation:\n{s}");
        assert!(s.contains("1000000000"), "{w}x{h} recorded whole:\n{s}");
        assert!(s.contains("-999999993"), "{w}x{h} variance whole:\n{s}");
        assert!(s.contains("нехватка"), "{w}x{h} the mark stays:\n{s}");
        drop(f);
    }
}

#[test]
fn a_long_error_wraps_instead_of_being_cut() {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        f.app.type_keys("2 G p text:0000000 enter");
        let msg = match &f.app.status {
            Some(Status::Error(e)) => e.clone(),
            other => panic!("a wrong barcode is refused: {other:?}"),
        };
        assert!(msg.contains(LONG[1]), "{msg}");
        let s = screen(&mut f.app, w, h);
        // Below the pane: the status lines and the footer. Every word of the refusal is there.
        let below: Vec<&str> = s
            .lines()
            .skip_while(|l| !l.starts_with("\"└"))
            .skip(1)
            .collect();
        let below = below.join(" ");
        for word in msg.split(' ') {
            assert!(
                below.contains(word),
                "{w}x{h}: {word:?} of {msg:?} is shown:\n{s}"
            );
        }
        drop(f);
    }
}

#[test]
fn the_footer_names_apply_in_the_reconciliation_and_the_question_names_its_key() {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        f.app.type_keys("5 f2");
        let s = screen(&mut f.app, w, h);
        let footer = s
            .lines()
            .nth(h as usize - 1)
            .unwrap_or_default()
            .to_string();
        assert!(footer.contains("ctrl-a"), "{w}x{h} footer: {footer}");
        f.app.type_keys("ctrl-a");
        let s = screen(&mut f.app, w, h);
        assert!(s.contains("Нажмите ctrl-a"), "{w}x{h}:\n{s}");
        drop(f);
    }
}

fn snap(name: &str, keys: &str) {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        f.app.type_keys(keys);
        let s = screen(&mut f.app, w, h);
        insta::assert_snapshot!(format!("long_{name}_{w}x{h}_ru"), s);
        drop(f);
    }
}

#[test]
fn snapshot_long_codes_and_numbers() {
    snap("queue", "2 G");
    snap("ship_form", "2 G s text:1000000000");
    // The long codes in view: up from the last row to them.
    snap("matrix", &format!("4 G{}", " k".repeat(12)));
    snap("alerts", "3");
    snap("reconcile", "5 f2");
}

#[test]
fn init_in_russian_names_the_default_location_in_russian() {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (ru, created) =
        LocalInventory::open_or_init_with(&dir.path().join("ru.redb"), "owner", "Основной склад")
            .unwrap();
    assert!(created);
    let names: Vec<String> = ru
        .locations()
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, vec!["Основной склад".to_string()]);
    drop(ru);
    // Opened again under another name, an existing database keeps its own.
    let (again, created) =
        LocalInventory::open_or_init_with(&dir.path().join("ru.redb"), "owner", "Main warehouse")
            .unwrap();
    assert!(!created);
    let names: Vec<String> = again
        .locations()
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, vec!["Основной склад".to_string()]);
}

#[test]
fn numbers_and_names_in_each_language() {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(Lang::Ru);
    assert_eq!(i18n::decimal(3.4321, 2), "3,43");
    assert_eq!(i18n::decimal(1234.5, 1), "1\u{a0}234,5");
    assert_eq!(i18n::money_text("-7110.00"), "-7\u{a0}110,00");
    assert_eq!(
        i18n::delivery_text(DeliveryMethod::Regional),
        "региональная"
    );
    assert_eq!(
        i18n::reason_text(DefectReason::ShippingDamage),
        "повреждение при доставке"
    );
    // A form holds the word: it reads the same.
    assert_eq!(
        i18n::choice_text("regional", i18n::delivery_text),
        "региональная"
    );
    assert_eq!(i18n::return_outcome_text("restock"), "на склад");
    assert_eq!(i18n::yes_no_text("false"), "нет");
    assert_eq!(i18n::age_text(42 * 60), "42 ч");
    assert_eq!(
        i18n::count_flag_text(stockroom::domain::stocktake::CountFlag::Shortage),
        "нехватка"
    );
    // A name the user chose is no enum: it stays as it is.
    assert_eq!(
        i18n::choice_text("Boxberry", i18n::delivery_text),
        "Boxberry"
    );
    i18n::set_lang(Lang::En);
    assert_eq!(i18n::decimal(3.4321, 2), "3.43");
    assert_eq!(i18n::money_text("-7110.00"), "-7,110.00");
    assert_eq!(
        i18n::reason_text(DefectReason::ShippingDamage),
        "shipping damage"
    );
    assert_eq!(i18n::yes_no(true), "yes");
}

/// The queue with its channel and delivery filters on (keys `c`, `m`): each filter is in
/// view at every size, in the title or on a line of its own.
#[test]
fn the_queue_keeps_its_filters_in_view() {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        f.app.type_keys("2 c m");
        let channel = f
            .app
            .reservations
            .channel
            .clone()
            .expect("c chose a channel");
        let delivery = f.app.reservations.delivery.expect("m chose a delivery");
        let s = screen(&mut f.app, w, h);
        assert!(s.contains(&channel), "{w}x{h} shows {channel}:\n{s}");
        let word = i18n::delivery_text(delivery);
        assert!(s.contains(word), "{w}x{h} shows {word}:\n{s}");
        // With words typed too.
        f.app.type_keys("/ text:LT enter");
        let word = f
            .app
            .reservations
            .delivery
            .map(i18n::delivery_text)
            .unwrap_or_default();
        let s = screen(&mut f.app, w, h);
        assert!(s.contains(&channel), "{w}x{h} shows {channel}:\n{s}");
        assert!(s.contains(word), "{w}x{h} shows {word}:\n{s}");
        insta::assert_snapshot!(format!("queue_filtered_{w}x{h}_ru"), s);
        drop(f);
    }
}

/// The header line of a pane's table (the third screen line).
fn heads(s: &str) -> String {
    s.lines().nth(2).unwrap_or_default().to_string()
}

/// The History in Russian with 20-character codes and billions: the numbers and their
/// heads stay whole, a head is never cut (a column leaves instead), and every location
/// shown is whole.
#[test]
fn history_heads_and_locations_are_whole_in_russian() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("h");
    let heads_of = [
        "#",
        "когда",
        "кто",
        "операция",
        "опер.",
        "артикул",
        "кол-во",
        "изм.",
        "склад",
        "основание",
    ];
    let names: Vec<String> = f
        .inv
        .locations()
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    for (w, h) in [(80, 24), (40, 16)] {
        let s = screen(&mut f.app, w, h);
        let head = heads(&s);
        for word in head
            .trim_matches(|c| c == '"' || c == '│')
            .split_whitespace()
        {
            assert!(
                heads_of.contains(&word),
                "{w}x{h}: {word:?} is a whole head:\n{s}"
            );
        }
        assert!(head.contains("изм."), "{w}x{h}:\n{s}");
        assert!(s.contains("+1000000000"), "{w}x{h}:\n{s}");
        if head.contains("склад") {
            let rows: Vec<&str> = s.lines().skip(3).take(h as usize - 6).collect();
            for (row, m) in rows.iter().zip(&f.app.history.rows) {
                if names.contains(&m.location) {
                    assert!(
                        row.contains(&m.location),
                        "{w}x{h}: {} whole:\n{s}",
                        m.location
                    );
                }
            }
        }
        insta::assert_snapshot!(format!("history_{w}x{h}_ru"), s);
    }
}

/// Reservations left short, and one made a backorder: the marks have a column of their
/// own, so every quantity stands under the others.
#[test]
fn short_marks_keep_the_quantities_in_line() {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        // A SKU with two open reservations at one location: its shelf emptied, the first
        // is short and the second waits for stock as a backorder. The one whose second
        // order comes first in the queue, so both are on the smallest screen.
        let mut seen: Vec<(String, String)> = Vec::new();
        let (code, at) = f
            .app
            .reservations
            .rows
            .iter()
            .filter(|r| r.status.as_str() == "open")
            .map(|r| (r.code.clone(), r.location.clone()))
            .find(|key| {
                let twice = seen.contains(key);
                seen.push(key.clone());
                twice
            })
            .expect("a SKU with two orders");
        // Nowhere else either, so the backorder cannot take units from another location.
        for l in f.inv.sku_detail(&code, 0).unwrap().locations {
            if l.on_hand > 0 {
                run(
                    &f.inv,
                    Command::Adjust {
                        sku: code.clone(),
                        how: stockroom::domain::AdjustTo::Set(0),
                        reason: "нет на полке".into(),
                        at: Some(l.location.clone()),
                        reference: None,
                    },
                );
            }
        }
        let second = f
            .app
            .reservations
            .rows
            .iter()
            .filter(|r| r.code == code && r.location == at && r.status.as_str() == "open")
            .nth(1)
            .map(|r| r.reservation)
            .unwrap();
        run(&f.inv, Command::ReservationBackorder { id: second });
        f.app.reload();
        f.app.type_keys("2");
        // The cursor on the backorder, so the queue shows it on the smallest screen too.
        let list = &mut f.app.reservations.list;
        list.cursor = list
            .visible
            .iter()
            .position(|&i| f.app.reservations.rows[i].reservation == second)
            .expect("the backorder is in the queue");
        let s = screen(&mut f.app, w, h);
        assert!(s.contains('✗'), "{w}x{h}:\n{s}");
        assert!(s.contains(" ПЗ "), "{w}x{h}: the backorder's mark:\n{s}");
        // Where the quantities' head ends, every row has a digit.
        let lines: Vec<Vec<char>> = s.lines().map(|l| l.chars().collect()).collect();
        let head = &lines[2];
        let head_s: String = head.iter().collect();
        let at = head_s
            .find("ост.")
            .map(|b| head_s[..b].chars().count() + 3)
            .unwrap_or_else(|| panic!("{w}x{h}:\n{s}"));
        let rows: Vec<&Vec<char>> = lines[3..]
            .iter()
            .take_while(|l| l.get(2).is_some_and(|c| *c != '#' && *c != '─'))
            // A handheld's second line of an order holds no quantity.
            .filter(|l| l.get(2).is_some_and(|c| *c != ' '))
            .filter(|l| l.iter().any(|c| c.is_ascii_alphanumeric()))
            .collect();
        assert!(rows.len() > 3, "{w}x{h}:\n{s}");
        for l in rows {
            assert!(
                l.get(at).is_some_and(|c| c.is_ascii_digit()),
                "{w}x{h}: the quantity ends under its head: {}\n{s}",
                l.iter().collect::<String>()
            );
        }
        insta::assert_snapshot!(format!("queue_short_{w}x{h}_ru"), s);
        drop(f);
    }
}

/// The demo's own places are named in the language of the screen (marketplaces keep
/// their names); its main warehouse is the database's default location, however named.
#[test]
fn the_demo_names_its_places_in_the_screen_s_language() {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let spec = DemoSpec {
        skus: 6,
        days: 3,
        seed: 7,
        seasons: false,
    };
    let names = |inv: &LocalInventory| -> (Vec<String>, Vec<String>) {
        (
            inv.locations()
                .unwrap()
                .into_iter()
                .map(|l| l.name)
                .collect(),
            inv.channels()
                .unwrap()
                .into_iter()
                .map(|c| c.name)
                .collect(),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    i18n::set_lang(Lang::Ru);
    let (ru, _) =
        LocalInventory::open_or_init_with(&dir.path().join("ru.redb"), "anna", "Основной склад")
            .unwrap();
    generate_at(&ru, &spec, NOW).unwrap();
    let (locations, mut channels) = names(&ru);
    channels.sort();
    assert_eq!(locations, ["Основной склад", "Магазин", "Полка в гараже"]);
    assert_eq!(
        channels,
        [
            "Latorga.ru",
            "Ozon",
            "Telegram",
            "Wildberries",
            "Касса",
            "Опт",
            "Сайт"
        ]
    );
    assert!(ru.check().unwrap().problems.is_empty());
    // English words on a database made in Russian: its default location stays its own.
    i18n::set_lang(Lang::En);
    let (mixed, _) =
        LocalInventory::open_or_init_with(&dir.path().join("mixed.redb"), "anna", "Основной склад")
            .unwrap();
    generate_at(&mixed, &spec, NOW).unwrap();
    assert_eq!(names(&mixed).0, ["Основной склад", "Shop", "Garage shelf"]);
    let (en, _) = LocalInventory::open_or_init(&dir.path().join("en.redb"), "anna").unwrap();
    generate_at(&en, &spec, NOW).unwrap();
    let (locations, mut channels) = names(&en);
    channels.sort();
    assert_eq!(locations, ["Main warehouse", "Shop", "Garage shelf"]);
    assert_eq!(
        channels,
        [
            "Latorga.ru",
            "Ozon",
            "Shop till",
            "Telegram",
            "Website",
            "Wholesale",
            "Wildberries"
        ]
    );
}

/// The matrix with the cursor on a cell two channels in, Ozon synced (its listed
/// quantities imported, one SKU drifting) and the first SKU taken off Ozon's list, and
/// the channels pane on Ozon: at every size, in Russian. The sync time is written in the
/// local zone; it is put back as the placeholder «ДД.ММ.ГГГГ ЧЧ:ММ» so the snapshot holds
/// in any zone.
#[test]
fn snapshot_matrix_cursor_sync_and_drift() {
    use stockroom::inventory::{Located, StockRow};
    let synced = stockroom::present::local_time("2026-11-20T12:00:00Z");
    for (w, h) in [(120, 40), (80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        let (_, rows) = f.inv.matrix().unwrap();
        let code = rows[2].code.clone();
        run(
            &f.inv,
            Command::ImportListed {
                channel: "Ozon".into(),
                file: "listed.csv".into(),
                rows: vec![Located {
                    line: 2,
                    columns: vec![],
                    row: StockRow {
                        sku: code,
                        location: None,
                        on_hand: 999,
                    },
                }],
            },
        );
        fresh(&mut f);
        // Ozon is the third channel; the cursor on the second SKU, then off Ozon's list.
        f.app.type_keys("4 l l j");
        assert_eq!(f.app.matrix.channels[2].name, "Ozon");
        f.app.type_keys("space");
        let s = screen(&mut f.app, w, h);
        assert!(s.contains(&synced), "{w}x{h}:\n{s}");
        assert!(
            s.contains("расхождений 1") || s.contains("расх. 1"),
            "{w}x{h}:\n{s}"
        );
        assert!(s.contains("нет"), "{w}x{h}:\n{s}");
        let s = s.replace(&synced, "ДД.ММ.ГГГГ ЧЧ:ММ");
        insta::assert_snapshot!(format!("matrix_listing_{w}x{h}_ru"), s);
        drop(f);
    }
}
