//! Made kits on the real binary: `kit assemble` takes components into made kits with shelf
//! stock of their own and `kit disassemble` puts them back, both naming the kit in the
//! ledger; a reservation takes made kits when they cover it, else components; the
//! refusals in English and Russian change nothing; `check` passes throughout. Kits come in
//! from a catalog file's `kit` column, all or nothing, with each bad row named.

mod kit_shop;

use kit_shop::Env;

#[test]
fn assemble_takes_components_into_made_kits_and_disassemble_puts_them_back() {
    let env = Env::gift();
    env.ok(&["kit", "assemble", "GIFT-01", "2"]);
    // 2 tea, 2 honey and 4 cups went into 2 made kits.
    assert_eq!(env.levels("TEA-001"), (5, 0, 5, 0));
    assert_eq!(env.levels("HONEY-01"), (1, 0, 1, 0));
    assert_eq!(env.levels("CUP-01"), (5, 0, 5, 0));
    // The kit has its 2 made kits plus the 1 the components still allow (honey limits).
    assert_eq!(env.levels("GIFT-01"), (3, 0, 3, 0));
    // The ledger names the kit both ways: on each component and on the kit itself.
    let hist = env.ok(&["history", "--limit", "4"]).stdout;
    assert!(
        hist.contains("GIFT-01 ×2 → TEA-001 ×2, HONEY-01 ×2, CUP-01 ×4"),
        "{hist}"
    );
    let kit_hist = env.json(&["history", "GIFT-01"]);
    let rows = kit_hist.as_array().expect("rows");
    assert_eq!(rows.len(), 4, "{kit_hist}");
    assert_eq!(rows[0]["code"], "GIFT-01", "{kit_hist}");
    assert_eq!(rows[0]["kind"], "assemble", "{kit_hist}");
    env.check();
    env.ok(&["kit", "disassemble", "GIFT-01", "1"]);
    assert_eq!(env.levels("TEA-001"), (6, 0, 6, 0));
    assert_eq!(env.levels("HONEY-01"), (2, 0, 2, 0));
    assert_eq!(env.levels("CUP-01"), (7, 0, 7, 0));
    assert_eq!(env.levels("GIFT-01"), (3, 0, 3, 0));
    let last = env.json(&["history", "--limit", "1"]);
    assert_eq!(last[0]["kind"], "disassemble", "{last}");
    env.check();
}

#[test]
fn too_few_components_or_made_kits_are_refused_in_both_languages_and_change_nothing() {
    let env = Env::gift();
    // Honey 3 makes at most 3 kits.
    let r = env.expect(1, &["kit", "assemble", "GIFT-01", "4"]);
    assert!(
        r.stderr.contains(
            "cannot assemble kit GIFT-01: it needs 4 of HONEY-01 here, and 3 are available"
        ),
        "{r:?}"
    );
    let ru = env.run_in("ru", &["kit", "assemble", "GIFT-01", "4"]);
    assert_eq!(ru.code, 1, "{ru:?}");
    assert!(ru.stderr.contains("нельзя собрать набор GIFT-01"), "{ru:?}");
    assert_eq!(env.levels("HONEY-01"), (3, 0, 3, 0));
    assert_eq!(env.levels("TEA-001"), (7, 0, 7, 0));
    // No made kits yet: nothing to take apart.
    let r = env.expect(1, &["kit", "disassemble", "GIFT-01", "1"]);
    assert!(
        r.stderr
            .contains("cannot take apart 1 made kits of GIFT-01"),
        "{r:?}"
    );
    let ru = env.run_in("ru", &["kit", "disassemble", "GIFT-01", "1"]);
    assert!(
        ru.stderr
            .contains("нельзя разобрать 1 собранных наборов GIFT-01"),
        "{ru:?}"
    );
    // A plain SKU is not a kit; a quantity of 0 is bad input.
    env.expect(1, &["kit", "assemble", "TEA-001", "1"]);
    env.expect(2, &["kit", "assemble", "GIFT-01", "0"]);
    assert_eq!(env.json(&["history"]).as_array().expect("rows").len(), 3);
    env.check();
}

#[test]
fn a_reservation_takes_made_kits_when_they_cover_it_and_components_otherwise() {
    let env = Env::gift();
    env.ok(&["kit", "assemble", "GIFT-01", "2"]);
    // 2 made kits cover the first order: the components are not touched.
    let a = env.reserve("2", "OZ-1");
    assert_eq!(env.levels("GIFT-01"), (3, 2, 1, 0));
    assert_eq!(env.levels("TEA-001"), (5, 0, 5, 0));
    // No made kit is left for the next one: it takes components.
    let b = env.reserve("1", "OZ-2");
    assert_eq!(env.levels("TEA-001"), (5, 1, 4, 0));
    assert_eq!(env.levels("CUP-01"), (5, 2, 3, 0));
    assert_eq!(env.levels("GIFT-01").2, 0);
    // Reserved made kits stay made.
    env.expect(1, &["kit", "disassemble", "GIFT-01", "1"]);
    env.check();
    // Shipping the first moves made kits; releasing the second frees components.
    env.ok(&["ship", &a, "--qty", "1"]);
    assert_eq!(env.levels("TEA-001"), (5, 1, 4, 0));
    env.ok(&["release", &b]);
    assert_eq!(env.levels("TEA-001"), (5, 0, 5, 0));
    env.ok(&["ship", &a]);
    assert_eq!(env.levels("GIFT-01"), (1, 0, 1, 0));
    // A made kit that comes back returns as its components.
    env.ok(&[
        "return",
        "GIFT-01",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "OZ-1",
        "--restock",
    ]);
    assert_eq!(env.levels("TEA-001"), (6, 0, 6, 0));
    assert_eq!(env.levels("CUP-01"), (7, 0, 7, 0));
    // The 2 made kits shipped are their components' sales: 4 cups; the kit sells nothing.
    assert_eq!(env.json(&["sku", "show", "CUP-01"])["sold"], 4);
    assert_eq!(env.json(&["sku", "show", "GIFT-01"])["sold"], 0);
    env.check();
}

fn fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_catalog_file_with_a_kit_column_makes_kits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("fresh.redb");
    let fresh = Env { dir, db };
    fresh.ok(&["init"]);
    let r = fresh.ok(&["import", "skus", &fixture("catalog-kits.csv")]);
    assert!(r.stdout.contains("4 created"), "{r:?}");
    let show = fresh.json(&["sku", "show", "GIFT-01"]);
    let comps: Vec<(String, u64)> = show["kit"]["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| {
            (
                c["code"].as_str().expect("code").to_string(),
                c["qty"].as_u64().expect("qty"),
            )
        })
        .collect();
    assert_eq!(
        comps,
        [
            ("TEA-001".to_string(), 1),
            ("HONEY-01".to_string(), 1),
            ("CUP-01".to_string(), 2)
        ]
    );
    // The parts' stock came in with the file: honey limits the kit at 3.
    assert_eq!(show["available"], 3, "{show}");
    // The same file again changes nothing and keeps the kit.
    fresh.ok(&["import", "skus", &fixture("catalog-kits.csv")]);
    assert_eq!(fresh.json(&["sku", "show", "GIFT-01"])["available"], 3);
    fresh.check();
}

#[test]
fn a_bad_kit_row_refuses_the_whole_file_and_names_its_line() {
    let env = Env::gift();
    let before = env.json(&["sku", "list"]);
    let file = fixture("catalog-kits-bad.csv");
    // A malformed list is found when the file is read: line 4, the `kit` column (4).
    let r = env.expect(2, &["import", "skus", &file]);
    assert!(r.stderr.contains("nothing was written"), "{r:?}");
    assert!(
        r.stderr
            .contains("catalog-kits-bad.csv:4:4: kit \"TEA-001:0\" must be at least 1"),
        "{r:?}"
    );
    assert_eq!(env.json(&["sku", "list"]), before, "nothing was written");
    // Without that row, the unknown component and the kit inside a kit are each named.
    let dir = tempfile::tempdir().expect("temp dir");
    let fixed = dir.path().join("fixed.csv");
    let text = std::fs::read_to_string(&file).expect("fixture");
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains("GIFT-03")).collect();
    std::fs::write(&fixed, kept.join("\n")).expect("write");
    let fixed = fixed.display().to_string();
    let r = env.expect(2, &["import", "skus", &fixed]);
    assert!(
        r.stderr.contains("fixed.csv:3:4: unknown SKU \"HONEY-02\""),
        "{r:?}"
    );
    assert!(
        r.stderr
            .contains("fixed.csv:4:4: GIFT-01 is a kit, so it cannot go into kit GIFT-04"),
        "{r:?}"
    );
    let ru = env.run_in("ru", &["import", "skus", &fixed]);
    assert!(ru.stderr.contains("ничего не записано"), "{ru:?}");
    assert!(
        ru.stderr.contains("неизвестный товар \"HONEY-02\""),
        "{ru:?}"
    );
    // All or nothing: neither the SKUs of the good rows nor the stock came in.
    assert_eq!(env.json(&["sku", "list"]), before, "nothing was written");
    assert_eq!(env.levels("TEA-001"), (7, 0, 7, 0));
    env.check();
}

#[test]
fn components_do_not_change_under_an_open_reservation_or_made_kits() {
    let env = Env::gift();
    env.ok(&["sku", "add", "SPOON", "--name", "Ложка"]);
    env.ok(&["receive", "SPOON", "5"]);
    // An open reservation holds the old components: even adding a new one is refused (its
    // ship would move a spoon it never reserved).
    let id = env.reserve("1", "OZ-9");
    let r = env.expect(
        1,
        &[
            "sku",
            "edit",
            "GIFT-01",
            "--kit",
            "TEA-001:1,HONEY-01:1,CUP-01:2,SPOON:1",
        ],
    );
    assert!(r.stderr.contains(&format!("reservation #{id}")), "{r:?}");
    env.ok(&["release", &id]);
    // Made kits were made of the old components: take them apart first.
    env.ok(&["kit", "assemble", "GIFT-01", "2"]);
    let add = [
        "sku",
        "edit",
        "GIFT-01",
        "--kit",
        "TEA-001:1,HONEY-01:1,CUP-01:2,SPOON:1",
    ];
    let r = env.expect(1, &add);
    assert!(
        r.stderr
            .contains("cannot change while 2 made kits of it are on the shelf"),
        "{r:?}"
    );
    let ru = env.run_in("ru", &add);
    assert!(ru.stderr.contains("собранных наборов"), "{ru:?}");
    env.expect(1, &["sku", "edit", "GIFT-01", "--no-kit"]);
    env.ok(&["kit", "disassemble", "GIFT-01", "2"]);
    // Reserved and made before: its history reads with these components, so they stay.
    let r = env.expect(1, &add);
    assert!(r.stderr.contains("add a new kit SKU"), "{r:?}");
    env.check();
}

#[test]
fn a_reservation_of_made_kits_is_picked_by_the_kits_code_and_refuses_a_component() {
    let env = Env::gift();
    env.ok(&["kit", "assemble", "GIFT-01", "2"]);
    let id = env.reserve("2", "OZ-M");
    let picked = || -> u64 {
        let rows = env.json(&["reservations"]);
        rows[0]["picked"].as_u64().expect("picked")
    };
    // A component of a packed kit is not scanned: refused in both languages, nothing picked.
    let r = env.expect(1, &["pick", &id, "HONEY-01"]);
    assert!(
        r.stderr.contains(&format!(
            "reservation #{id} holds kits GIFT-01 made ahead: scan the kit's own code or barcode, not its component HONEY-01"
        )),
        "{r:?}"
    );
    let ru = env.run_in("ru", &["pick", &id, "HONEY-01"]);
    assert_eq!(ru.code, 1, "{ru:?}");
    assert!(
        ru.stderr
            .contains("сканируйте код или штрихкод самого набора"),
        "{ru:?}"
    );
    assert_eq!(picked(), 0);
    // The kit's own code takes one packed kit at a time; the list counts the same way.
    env.ok(&["pick", &id, "GIFT-01"]);
    assert_eq!(picked(), 1);
    let rows = env.json(&["reservations"]);
    let cups = rows[0]["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .find(|p| p["code"] == "CUP-01")
        .expect("cups")
        .clone();
    assert_eq!(
        (cups["need"].as_u64(), cups["scanned"].as_u64()),
        (Some(4), Some(2))
    );
    env.ok(&["pick", &id, "GIFT-01"]);
    assert_eq!(picked(), 2);
    env.check();
}

#[test]
fn the_matrix_and_feeds_count_made_kits_partly_reserved_as_sku_show_and_reserve_do() {
    let env = Env::gift();
    // Main: 3 made kits (every honey went into them), 1 of them reserved; Shop: 3 buildable.
    env.ok(&["kit", "assemble", "GIFT-01", "3"]);
    env.reserve("1", "OZ-1");
    env.ok(&["location", "add", "Shop"]);
    for (code, qty) in [("TEA-001", "3"), ("HONEY-01", "3"), ("CUP-01", "6")] {
        env.ok(&["receive", code, qty, "--at", "Shop"]);
    }
    let show = env.json(&["sku", "show", "GIFT-01"]);
    assert_eq!(show["available"], 5, "{show}");
    let m = env.json(&["matrix"]);
    let gift = m
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "GIFT-01")
        .expect("the kit's row")
        .clone();
    assert_eq!(gift["available"], 5, "{gift}");
    assert_eq!(gift["channels"][0]["published"], 5, "{gift}");
    let feed = env.ok(&["export", "feed", "--channel", "Ozon"]).stdout;
    let line = feed
        .lines()
        .find(|l| l.starts_with("GIFT-01,"))
        .unwrap_or_else(|| panic!("{feed}"));
    assert!(line.ends_with(",5"), "{feed}");
    // And reserve takes exactly those 5: 2 made kits at Main, 3 from parts at Shop, no more.
    env.reserve("2", "OZ-2");
    env.ok(&[
        "reserve",
        "GIFT-01",
        "3",
        "--channel",
        "Ozon",
        "--order",
        "OZ-3",
        "--at",
        "Shop",
    ]);
    env.expect(
        1,
        &[
            "reserve",
            "GIFT-01",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-4",
        ],
    );
    env.expect(
        1,
        &[
            "reserve",
            "GIFT-01",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-5",
            "--at",
            "Shop",
        ],
    );
    env.check();
}

/// The gift shop with a second location, Shop: honey 4, cups 6 (and tea `tea`).
fn with_shop(env: &Env, tea: &str) {
    env.ok(&["location", "add", "Shop"]);
    env.ok(&["receive", "HONEY-01", "4", "--at", "Shop"]);
    env.ok(&["receive", "CUP-01", "6", "--at", "Shop"]);
    if tea != "0" {
        env.ok(&["receive", "TEA-001", tea, "--at", "Shop"]);
    }
}

#[test]
fn a_made_kit_reservation_moved_where_there_are_none_holds_components_there() {
    let env = Env::gift();
    with_shop(&env, "5");
    env.ok(&["kit", "assemble", "GIFT-01", "2"]);
    let id = env.reserve("2", "M1");
    assert_eq!(env.levels("TEA-001"), (10, 0, 10, 0));
    let r = env.ok(&["reservation", "move", &id, "--to", "Shop"]);
    assert!(r.stdout.contains("Shop"), "{r:?}");
    // The 2 made kits at Main are free again; Shop's components hold the order.
    let kit = env.json(&["sku", "show", "GIFT-01"]);
    assert_eq!(kit["reserved"], 2, "{kit}");
    assert_eq!(env.levels("TEA-001"), (10, 2, 8, 0));
    assert_eq!(env.levels("CUP-01"), (11, 4, 7, 0));
    env.ok(&["kit", "disassemble", "GIFT-01", "2"]);
    env.check();
    // It ships from Shop's components.
    env.ok(&["ship", &id]);
    assert_eq!(env.levels("TEA-001"), (10, 0, 10, 0));
    assert_eq!(env.levels("CUP-01"), (11, 0, 11, 0));
    env.check();
}

#[test]
fn a_reservation_is_not_moved_where_made_kits_and_components_only_cover_it_together() {
    let env = Env::gift();
    // Shop: 1 made kit and components for 1 more; an order of 2 fits neither alone.
    with_shop(&env, "2");
    env.ok(&["kit", "assemble", "GIFT-01", "1", "--at", "Shop"]);
    let id = env.reserve("2", "M2");
    let before = env.json(&["history"]);
    let r = env.expect(1, &["reservation", "move", &id, "--to", "Shop"]);
    assert!(
        r.stderr
            .contains("Shop has 1 available, reservation #1 needs 2"),
        "{r:?}"
    );
    let ru = env.run_in("ru", &["reservation", "move", &id, "--to", "Shop"]);
    assert_eq!(ru.code, 1, "{ru:?}");
    assert!(ru.stderr.contains("на складе Shop доступно 1"), "{ru:?}");
    assert_eq!(env.json(&["history"]), before);
    env.check();
}

#[test]
fn a_made_kit_backorder_is_filled_with_components_after_the_kits_were_taken_apart() {
    let env = Env::gift();
    env.ok(&["kit", "assemble", "GIFT-01", "2"]);
    let id = env.backordered("2", "B1");
    env.ok(&["kit", "disassemble", "GIFT-01", "2"]);
    env.ok(&["channel", "rules", "Ozon", "--resume"]);
    env.ok(&["receive", "TEA-001", "1"]);
    // Filled from the components now on the shelf: 2 tea, 2 honey, 4 cups held.
    assert_eq!(env.levels("TEA-001"), (8, 2, 6, 0));
    assert_eq!(env.levels("HONEY-01"), (3, 2, 1, 0));
    assert_eq!(env.levels("CUP-01"), (9, 4, 5, 0));
    let q = env.json(&["reservations"]);
    assert_eq!(q[0]["status"], "open", "{q}");
    env.check();
    env.ok(&["ship", &id]);
    assert_eq!(env.levels("TEA-001"), (6, 0, 6, 0));
    env.check();
}

#[test]
fn a_backorder_that_cannot_be_filled_never_refuses_the_receive() {
    let env = Env::gift();
    env.backordered("1", "C1");
    // All the honey goes into 3 made kits: the components allow none.
    env.ok(&["kit", "assemble", "GIFT-01", "3"]);
    env.ok(&["channel", "rules", "Ozon", "--resume"]);
    env.ok(&["receive", "TEA-001", "1"]);
    assert_eq!(env.levels("TEA-001"), (5, 0, 5, 0));
    // The made kits cover the order: it holds one of them.
    let kit = env.json(&["sku", "show", "GIFT-01"]);
    assert_eq!(kit["reserved"], 1, "{kit}");
    env.check();
}

#[test]
fn a_backorder_that_only_made_kits_and_components_together_cover_waits() {
    let env = Env::gift();
    env.backordered("2", "C2");
    // 1 made kit and components for 1 more: neither alone covers 2.
    env.ok(&["kit", "assemble", "GIFT-01", "1"]);
    env.ok(&["writeoff", "HONEY-01", "1", "--reason", "lost"]);
    env.ok(&["channel", "rules", "Ozon", "--resume"]);
    env.ok(&["receive", "TEA-001", "1"]);
    assert_eq!(env.levels("TEA-001"), (7, 0, 7, 0));
    let q = env.json(&["reservations"]);
    assert_eq!(q[0]["status"], "backorder", "{q}");
    env.check();
}
