//! Kits in the TUI: the packer's pick list of a kit's reservation (every component, the
//! units needed and scanned, before the first scan) and the kit's detail, drawn at 120x40,
//! 80x24 and 40x16 in English and Russian and compared with insta snapshots.

use std::sync::{Arc, Mutex, MutexGuard};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::domain::{ChannelKind, Delivery};
use stockroom::i18n::{self, Lang};
use stockroom::inventory::{
    Command, Inventory, InventoryExt, LocalInventory, Outcome, ReservationView, SkuSpec,
};
use stockroom::tui::app::{App, Status};
use stockroom::tui::keymap::Keymap;
use stockroom::tui::scanner::ManualClock;
use stockroom::tui::view;

/// 2026-03-04 10:00 UTC.
const NOW: i64 = 1_772_618_400_000;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 16)];

/// The interface language is process-wide; tests that draw take turns.
static LANG: Mutex<()> = Mutex::new(());

struct Shop {
    _dir: tempfile::TempDir,
    app: App,
    inv: Arc<LocalInventory>,
    _guard: MutexGuard<'static, ()>,
}

impl Shop {
    fn ok(&self, c: Command) -> Outcome {
        self.inv.execute(c).expect("command").outcome
    }

    fn add(&self, code: &str, name: &str, qty: u64) {
        self.ok(Command::AddSku(SkuSpec {
            code: code.into(),
            name: Some(name.into()),
            ..SkuSpec::default()
        }));
        if qty > 0 {
            self.ok(Command::Receive {
                sku: code.into(),
                qty,
                at: None,
                reference: None,
            });
        }
    }

    fn reserve(&mut self, code: &str, qty: u64, order: &str) -> u64 {
        let id = match self.ok(Command::Reserve {
            sku: code.into(),
            qty,
            channel: "Ozon".into(),
            order: Some(order.into()),
            at: None,
            delivery: Delivery::default(),
        }) {
            Outcome::Reserved(r) => r.reservation,
            other => panic!("{other:?}"),
        };
        self.app.reload();
        id
    }

    fn reservation(&self, id: u64) -> ReservationView {
        self.inv
            .reservations(None, true)
            .expect("reservations")
            .into_iter()
            .find(|r| r.reservation == id)
            .expect("the reservation")
    }

    fn screen(&mut self, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        t.draw(|f| view::render(f, &mut self.app)).expect("draw");
        t.backend().to_string()
    }

    fn status(&self) -> String {
        match &self.app.status {
            Some(Status::Info(s)) | Some(Status::Error(s)) => s.clone(),
            other => panic!("{other:?}"),
        }
    }
}

/// Tea 7, honey 3, cups 9 (scanned by their codes), channel Ozon, the
/// kit GIFT-01 = tea 1 + honey 1 + cups 2, and one order of one kit.
fn shop(lang: Lang) -> (Shop, u64) {
    let guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(lang);
    let dir = tempfile::tempdir().expect("temp dir");
    let (inv, _) =
        LocalInventory::open_or_init(&dir.path().join("t.redb"), "owner").expect("store");
    let inv = Arc::new(inv.with_clock(Arc::new(|| NOW)));
    let mut app = App::new(inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.clock = ManualClock::new().clock();
    let mut s = Shop {
        _dir: dir,
        app,
        inv,
        _guard: guard,
    };
    s.ok(Command::AddChannel {
        name: "Ozon".into(),
        kind: ChannelKind::Marketplace,
        priority: 1,
    });
    s.add("TEA-001", "Чай улун", 7);
    s.add("HONEY-01", "Мёд липовый", 3);
    s.add("CUP-CER-01", "Чашка керамическая", 9);
    s.ok(Command::SetKit {
        sku: "GIFT-01".into(),
        edit: Some(SkuSpec {
            code: "GIFT-01".into(),
            name: Some("Чайный набор".into()),
            ..SkuSpec::default()
        }),
        new: true,
        components: vec![
            ("TEA-001".into(), 1),
            ("HONEY-01".into(), 1),
            ("CUP-CER-01".into(), 2),
        ],
    });
    let id = s.reserve("GIFT-01", 1, "A-1");
    (s, id)
}

fn lang_name(l: Lang) -> &'static str {
    if l == Lang::Ru { "ru" } else { "en" }
}

#[test]
fn the_pick_list_shows_every_component_before_the_first_scan() {
    let (mut s, id) = shop(Lang::En);
    s.app.type_keys("2 enter");
    assert_eq!(s.app.scan.as_ref().map(|x| x.reservation), Some(id));
    let screen = s.screen(80, 24);
    for (code, need) in [("TEA-001", 1), ("HONEY-01", 1), ("CUP-CER-01", 2)] {
        let line = screen
            .lines()
            .find(|l| l.contains(&format!(" {code} ")) && !l.contains("A-1"))
            .unwrap_or_else(|| panic!("{code} is not listed:\n{screen}"));
        let words: Vec<&str> = line.split_whitespace().collect();
        let at = words.iter().position(|w| *w == code).expect("code");
        assert_eq!(words[at + 1], need.to_string(), "{line}");
        assert_eq!(words[at + 2], "0", "nothing scanned yet: {line}");
    }
    assert!(screen.contains("To pick: #1 GIFT-01 ×1"), "{screen}");
}

#[test]
fn each_scan_ticks_its_line_and_the_message_counts_component_units() {
    let (mut s, id) = shop(Lang::En);
    s.app.type_keys("2 enter text:CUP-CER-01 enter");
    assert_eq!(
        s.status(),
        "CUP-CER-01: 1 of 2 scanned; left: TEA-001 ×1, HONEY-01 ×1, CUP-CER-01 ×1"
    );
    let parts = s.reservation(id).parts;
    let scanned: Vec<(&str, u64, u64)> = parts
        .iter()
        .map(|p| (p.code.as_str(), p.need, p.scanned))
        .collect();
    assert_eq!(
        scanned,
        vec![("TEA-001", 1, 0), ("HONEY-01", 1, 0), ("CUP-CER-01", 2, 1)]
    );
    // The line just scanned is marked; a line scanned in full is ticked.
    let screen = s.screen(80, 24);
    assert!(screen.contains("▸ CUP-CER-01"), "{screen}");
    s.app.type_keys("text:CUP-CER-01 enter text:HONEY-01 enter");
    assert_eq!(s.status(), "HONEY-01: 1 of 1 scanned; left: TEA-001 ×1");
    let screen = s.screen(80, 24);
    assert!(screen.contains("✓ CUP-CER-01"), "{screen}");
    assert!(screen.contains("✓ HONEY-01"), "{screen}");
    assert_eq!(s.reservation(id).picked, 0);
    s.app.type_keys("text:TEA-001 enter");
    assert_eq!(
        s.status(),
        "TEA-001: 1 of 1 scanned; reservation #1 (GIFT-01) is picked in full"
    );
    assert_eq!(s.reservation(id).picked, 1);
    assert!(s.app.scan.is_none(), "a complete pick ends the scanning");
}

#[test]
fn the_kits_own_code_picks_a_made_kit_and_is_refused_for_components() {
    let (mut s, id) = shop(Lang::Ru);
    // Reservation #1 holds components: the kit's code is no packed kit, nothing changes.
    s.app.type_keys("2 enter text:GIFT-01 enter");
    assert_eq!(
        s.status(),
        "✗ резерв #1 держит компоненты набора GIFT-01, а не собранный заранее набор: сканируйте его компоненты по одному (TEA-001, HONEY-01, CUP-CER-01); ничего не собрано"
    );
    assert_eq!(s.reservation(id).picked, 0);
    assert!(s.reservation(id).parts.iter().all(|p| p.scanned == 0));
    s.app.type_keys("esc");
    s.ok(Command::KitAssemble {
        sku: "GIFT-01".into(),
        kits: 1,
        at: None,
        apart: false,
    });
    // Reservation #2 takes the made kit: its code picks it, in the words a parts' pick ends with.
    let id2 = s.reserve("GIFT-01", 1, "A-2");
    s.app.type_keys("down enter text:GIFT-01 enter");
    assert_eq!(s.reservation(id2).picked, 1, "{}", s.status());
    assert_eq!(
        s.status(),
        "отсканировано наборов: 1 из 1; резерв #2 (GIFT-01) собран полностью"
    );
    assert_eq!(s.reservation(id).picked, 0);
    assert!(s.app.scan.is_none());
}

#[test]
fn the_pick_lists_title_counts_the_kits_its_columns_count() {
    let (mut s, _) = shop(Lang::En);
    let id2 = s.reserve("GIFT-01", 2, "A-2");
    s.app
        .type_keys("2 down enter text:TEA-001 enter text:HONEY-01 enter text:HONEY-01 enter");
    s.app
        .type_keys("text:CUP-CER-01 enter text:CUP-CER-01 enter");
    let screen = s.screen(80, 24);
    assert_eq!(s.reservation(id2).picked, 1, "{screen}");
    // Two kits to ship: the title and the need column both count two.
    assert!(screen.contains("To pick: #2 GIFT-01 ×2"), "{screen}");
    let honey = screen
        .lines()
        .find(|l| l.contains(" HONEY-01 ") && !l.contains("A-2"))
        .unwrap_or_else(|| panic!("{screen}"));
    let words: Vec<&str> = honey.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "HONEY-01").expect("code");
    assert_eq!((words[at + 1], words[at + 2]), ("2", "2"), "{honey}");
}

#[test]
fn snapshot_kit_pick_list() {
    for lang in [Lang::En, Lang::Ru] {
        for (w, h) in SIZES {
            let (mut s, _) = shop(lang);
            s.app.type_keys("2 enter");
            let before = s.screen(w, h);
            insta::assert_snapshot!(format!("kit_pick_{w}x{h}_{}", lang_name(lang)), before);
            s.app
                .type_keys("text:CUP-CER-01 enter text:CUP-CER-01 enter text:HONEY-01 enter");
            let after = s.screen(w, h);
            insta::assert_snapshot!(
                format!("kit_pick_scanned_{w}x{h}_{}", lang_name(lang)),
                after
            );
        }
    }
}

/// The shop with a second location, Shop, that has honey 4 and cups 6 but no tea: the kit
/// is limited by honey at Main warehouse and by tea at Shop.
fn two_places(lang: Lang) -> Shop {
    let (mut s, _) = shop(lang);
    s.ok(Command::AddLocation {
        name: "Shop".into(),
        default: false,
    });
    for (code, qty) in [("HONEY-01", 4), ("CUP-CER-01", 6)] {
        s.ok(Command::Receive {
            sku: code.into(),
            qty,
            at: Some("Shop".into()),
            reference: None,
        });
    }
    s.app.reload();
    s
}

#[test]
fn the_kit_detail_names_the_limit_of_each_location() {
    let mut s = two_places(Lang::En);
    let kit = s
        .inv
        .sku_detail("GIFT-01", 0)
        .expect("detail")
        .kit
        .expect("a kit");
    let places: Vec<(&str, i64, &str)> = kit
        .places
        .iter()
        .map(|p| (p.location.as_str(), p.available, p.limited_by.as_str()))
        .collect();
    // One kit is reserved at Main: honey 2 left there allows 2; the shop has no tea.
    assert_eq!(
        places,
        vec![("Main warehouse", 2, "HONEY-01"), ("Shop", 0, "TEA-001")]
    );
    assert_eq!(kit.available, 2);
    s.app.type_keys("1 j enter");
    let screen = s.screen(120, 40);
    assert!(
        screen.contains("kit: 2 available, limited by HONEY-01 at Main warehouse, TEA-001 at"),
        "{screen}"
    );
}

#[test]
fn snapshot_kit_detail() {
    for lang in [Lang::En, Lang::Ru] {
        for (w, h) in SIZES {
            let mut s = two_places(lang);
            s.app.type_keys("1 j enter");
            let screen = s.screen(w, h);
            // Even a handheld shows every component.
            for code in ["TEA-001", "HONEY-01", "CUP-CER-01"] {
                assert!(
                    screen.lines().filter(|l| l.contains(code)).count() >= 1,
                    "{code} at {w}x{h}:\n{screen}"
                );
            }
            insta::assert_snapshot!(format!("kit_detail_{w}x{h}_{}", lang_name(lang)), screen);
        }
    }
}

#[test]
fn the_history_names_the_kit_of_its_entries_and_finds_them_by_the_kits_code() {
    let (mut s, _) = shop(Lang::Ru);
    s.app.reload();
    s.app.type_keys("h / text:GIFT-01 enter");
    // The one reservation of a kit wrote one entry per component, each found by the kit.
    assert_eq!(s.app.history.list.visible.len(), 3);
    let screen = s.screen(80, 24);
    assert!(screen.contains("GIFT-01→HONEY-01"), "{screen}");
    assert!(screen.contains("GIFT-01→CUP-CER-01"), "{screen}");
    assert!(
        screen.contains("операция"),
        "what happened is still shown:\n{screen}"
    );
    s.app.type_keys("esc / text:sku:gift-01 enter");
    assert_eq!(s.app.history.list.visible.len(), 3);
}

#[test]
fn a_return_to_stock_and_one_to_defective_differ_in_a_narrow_kind_column() {
    use stockroom::domain::movement::EntryKind;
    for lang in [Lang::En, Lang::Ru] {
        let _g = LANG.lock().unwrap_or_else(|e| e.into_inner());
        i18n::set_lang(lang);
        let restock = EntryKind::parse("return_restock").expect("kind");
        let defect = EntryKind::parse("return_defect:packaging").expect("kind");
        let a = i18n::kind_text_short(restock);
        let b = i18n::kind_text_short(defect);
        // The history's kind column is 8 wide on a handheld: the first 7 letters and "…".
        let head = |t: &str| t.chars().take(7).collect::<String>();
        assert_ne!(head(&a), head(&b), "{a} / {b}");
    }
}

#[test]
fn a_return_from_the_history_of_a_kits_shipment_names_the_kit_and_opens_no_lone_part() {
    let (mut s, id) = shop(Lang::Ru);
    s.ok(Command::Ship {
        id,
        qty: None,
        tracking: None,
    });
    s.app.reload();
    // The newest entries are the ship of the kit's components; u on one of them.
    s.app.type_keys("h g g u");
    assert!(s.app.form.is_none(), "no return of a lone component");
    let said = s.status();
    assert!(said.contains("в наборе GIFT-01"), "{said}");
    assert!(
        said.contains("stockroom return GIFT-01 1 --order A-1 --channel Ozon"),
        "{said}"
    );
}

#[test]
fn the_alerts_detail_of_a_kit_names_the_component_that_limits_it() {
    let (mut s, _) = shop(Lang::Ru);
    s.ok(Command::Sell {
        sku: "HONEY-01".into(),
        qty: 2,
        channel: "Ozon".into(),
        at: None,
    });
    s.app.reload();
    s.app.type_keys("3 / text:GIFT-01 enter");
    let screen = s.screen(80, 24);
    assert!(
        screen.contains("GIFT-01  набор, ограничивает HONEY-01: Чайный набор"),
        "{screen}"
    );
}

/// `p` on a kit's alert orders the component that limits it (from that component's own
/// alert), never the kit; when that component needs no order, it says which to order.
#[test]
fn p_on_a_kits_alert_orders_its_limiting_component() {
    for lang in [Lang::En, Lang::Ru] {
        let (mut s, _) = shop(lang);
        let edit = |code: &str, min: u64, supplier: Option<&str>| {
            Command::EditSku(SkuSpec {
                code: code.into(),
                min_stock: Some(min),
                safety_stock: Some(0),
                supplier: supplier.map(str::to_string),
                ..SkuSpec::default()
            })
        };
        // The kit wants 5 on hand; honey (3, 1 reserved in a kit) limits it to 2.
        s.ok(edit("GIFT-01", 5, None));
        s.app.reload();
        s.app.type_keys("3");
        let at = |s: &Shop, code: &str| s.app.alerts.rows.iter().position(|r| r.code == code);
        let kit = at(&s, "GIFT-01").expect("the kit alerts");
        assert_eq!(
            s.app.alerts.rows[kit].limited_by.as_deref(),
            Some("HONEY-01")
        );
        s.app.type_keys(&"j ".repeat(kit));
        assert_eq!(
            s.app.selected_alert().map(|r| r.code.clone()).as_deref(),
            Some("GIFT-01")
        );
        // Honey has no alert of its own yet: nothing is ordered, and the words say what to do.
        s.app.type_keys("p");
        let said = s.status();
        assert!(
            said.contains("HONEY-01") && said.contains("po create"),
            "{said}"
        );
        assert!(s.inv.purchase_orders(true).expect("orders").is_empty());
        // Honey's own minimum makes it alert with a suggestion: `p` `p` on the kit orders it.
        s.ok(edit("HONEY-01", 10, Some("Пасека")));
        s.app.reload();
        s.app.type_keys("3");
        let kit = at(&s, "GIFT-01").expect("the kit alerts");
        s.app.type_keys(&format!("g {}", "j ".repeat(kit)));
        assert_eq!(
            s.app.selected_alert().map(|r| r.code.clone()).as_deref(),
            Some("GIFT-01")
        );
        s.app.type_keys("p");
        let asked = s.status();
        assert!(
            asked.contains("HONEY-01 ×"),
            "names what it orders: {asked}"
        );
        s.app.type_keys("p");
        let orders = s.inv.purchase_orders(true).expect("orders");
        assert_eq!(orders.len(), 1, "{orders:?}");
        assert_eq!(orders[0].supplier, "Пасека");
        let codes: Vec<&str> = orders[0].lines.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["HONEY-01"]);
    }
}
