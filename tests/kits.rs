//! Kits (gift sets) on the real binary: a kit limited by its scarcest component, whole
//! kits shipped, a return with some components restocked and others defective, the
//! refusals (cycles, stock of its own, changes under an open reservation), backups, and
//! 32 reserves racing through `serve` that mix a kit and its components.

use std::process::{Command, Stdio};

use serde_json::Value;

mod kit_shop;

use kit_shop::{BIN, Env, Run};

#[test]
fn a_kit_is_limited_by_its_scarcest_component() {
    let env = Env::gift();
    // tea 7, honey 3, cups 9 / 2 = 4: honey limits at 3.
    let show = env.json(&["sku", "show", "GIFT-01"]);
    assert_eq!(show["available"], 3, "{show}");
    let comps = show["kit"]["components"].as_array().expect("components");
    let limiting: Vec<&str> = comps
        .iter()
        .filter(|c| c["limiting"] == true)
        .map(|c| c["code"].as_str().expect("code"))
        .collect();
    assert_eq!(limiting, ["HONEY-01"]);
    assert_eq!(comps[2]["qty"], 2);
    assert_eq!(comps[2]["kits"], 4);
    let text = env.ok(&["sku", "show", "GIFT-01"]).stdout;
    assert!(
        text.contains("kit: 3 available, limited by HONEY-01"),
        "{text}"
    );
    let ru = env.run_in("ru", &["sku", "show", "GIFT-01"]).stdout;
    assert!(
        ru.contains("набор: доступно 3, ограничивает HONEY-01"),
        "{ru}"
    );
    // The list marks the kit and shows what it has available.
    let list = env.json(&["sku", "list"]);
    let gift = list
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "GIFT-01")
        .expect("gift row")
        .clone();
    assert_eq!(
        (gift["kit"].clone(), gift["available"].clone()),
        (true.into(), 3.into())
    );
    assert!(
        env.ok(&["sku", "list"])
            .stdout
            .contains("Чайный набор [kit]")
    );
    // Selling honey alone takes a kit away; cups alone do not until they are scarcer.
    env.ok(&["sell", "HONEY-01", "1", "--channel", "Ozon"]);
    assert_eq!(env.available("GIFT-01"), 2);
    env.ok(&["sell", "CUP-01", "6", "--channel", "Ozon"]);
    assert_eq!(env.available("GIFT-01"), 1, "3 cups make one kit");
    // More kits than the cups allow: refused, nothing moves.
    let r = env.expect(
        1,
        &[
            "reserve",
            "GIFT-01",
            "2",
            "--channel",
            "Ozon",
            "--order",
            "OZ-1",
        ],
    );
    assert!(r.stderr.contains("insufficient"), "{r:?}");
    assert_eq!(env.levels("CUP-01"), (3, 0, 3, 0));
    env.ok(&[
        "reserve",
        "GIFT-01",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "OZ-1",
    ]);
    assert_eq!(env.levels("TEA-001"), (7, 1, 6, 0));
    assert_eq!(env.levels("HONEY-01"), (2, 1, 1, 0));
    assert_eq!(env.levels("CUP-01"), (3, 2, 1, 0));
    assert_eq!(env.available("GIFT-01"), 0);
    // The last cup cannot go into a kit, and honey alone still sells.
    env.expect(1, &["reserve", "GIFT-01", "1", "--channel", "Ozon"]);
    env.ok(&["sell", "HONEY-01", "1", "--channel", "Ozon"]);
    env.check();
}

#[test]
fn whole_kits_ship_and_a_return_restocks_some_parts_and_puts_others_to_defective() {
    let env = Env::gift();
    let r = env.json(&[
        "reserve",
        "GIFT-01",
        "3",
        "--channel",
        "Ozon",
        "--order",
        "OZ-7",
    ]);
    let id = r["reservation"].as_u64().expect("id").to_string();
    assert_eq!(env.levels("CUP-01"), (9, 6, 3, 0));
    // A partial ship ships whole kits: 2 kits = 2 tea, 2 honey, 4 cups.
    env.ok(&["ship", &id, "--qty", "2"]);
    assert_eq!(env.levels("TEA-001"), (5, 1, 4, 0));
    assert_eq!(env.levels("HONEY-01"), (1, 1, 0, 0));
    assert_eq!(env.levels("CUP-01"), (5, 2, 3, 0));
    // The history names the kit of every component's entry.
    let hist = env.ok(&["history", "--limit", "3"]).stdout;
    assert!(
        hist.contains("GIFT-01 ×2 → TEA-001 ×2, HONEY-01 ×2, CUP-01 ×4"),
        "{hist}"
    );
    let kit_hist = env.json(&["history", "GIFT-01"]);
    assert_eq!(kit_hist.as_array().expect("rows").len(), 6, "{kit_hist}");
    // One kit comes back: its cups broken in transit, tea and honey fit to sell.
    env.ok(&[
        "return",
        "GIFT-01",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "OZ-7",
        "--restock",
        "--defective-part",
        "CUP-01:shipping_damage",
    ]);
    assert_eq!(env.levels("TEA-001"), (6, 1, 5, 0));
    assert_eq!(env.levels("HONEY-01"), (2, 1, 1, 0));
    assert_eq!(env.levels("CUP-01"), (5, 2, 3, 2));
    // A part that is not in the kit: refused, in both languages.
    let r = env.expect(
        1,
        &[
            "return",
            "GIFT-01",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-7",
            "--restock",
            "--defective-part",
            "GIFT-01:other",
        ],
    );
    assert!(
        r.stderr.contains("is not a component of kit GIFT-01"),
        "{r:?}"
    );
    let ru = env.run_in(
        "ru",
        &[
            "return",
            "GIFT-01",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-7",
            "--restock",
            "--defective-part",
            "GIFT-01:other",
        ],
    );
    assert!(ru.stderr.contains("не входит в набор GIFT-01"), "{ru:?}");
    // The order shipped 2 kits and 1 came back: a second kit may return, a third not.
    let r = env.ok(&[
        "return",
        "GIFT-01",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "OZ-7",
        "--defect",
        "packaging",
    ]);
    // Said as what became of it: the whole kit went to defective.
    assert!(r.stdout.contains("defective"), "{r:?}");
    assert!(!r.stdout.contains("to stock"), "{r:?}");
    assert_eq!(env.levels("TEA-001").3, 1);
    assert_eq!(env.levels("CUP-01").3, 4);
    let r = env.expect(
        1,
        &[
            "return",
            "GIFT-01",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-7",
            "--restock",
        ],
    );
    assert!(r.stderr.contains("shipped 2"), "{r:?}");
    // The last kit is released: its parts are free again.
    env.ok(&["release", &id]);
    assert_eq!(env.levels("CUP-01"), (5, 0, 5, 4));
    env.check();
}

#[test]
fn cycles_stock_of_its_own_and_changes_under_a_reservation_are_refused() {
    let env = Env::gift();
    let r = env.expect(1, &["sku", "edit", "GIFT-01", "--kit", "GIFT-01:1"]);
    assert!(r.stderr.contains("cannot contain itself"), "{r:?}");
    let r = env.expect(
        1,
        &[
            "sku",
            "add",
            "BOX",
            "--name",
            "Box",
            "--kit",
            "GIFT-01:1,TEA-001",
        ],
    );
    assert!(r.stderr.contains("GIFT-01 is a kit"), "{r:?}");
    // Nothing of the refused command was kept.
    env.expect(2, &["sku", "show", "BOX"]);
    let r = env.expect(1, &["sku", "edit", "TEA-001", "--kit", "CUP-01:1"]);
    assert!(r.stderr.contains("is a component of kit GIFT-01"), "{r:?}");
    let r = env.run_in("ru", &["sku", "edit", "TEA-001", "--kit", "CUP-01:1"]);
    assert!(r.stderr.contains("входит в набор GIFT-01"), "{r:?}");
    let r = env.expect(
        1,
        &[
            "sku",
            "add",
            "Y",
            "--name",
            "y",
            "--kit",
            "TEA-001,TEA-001:2",
        ],
    );
    assert!(r.stderr.contains("names TEA-001 twice"), "{r:?}");
    env.expect(2, &["sku", "add", "Z", "--name", "z", "--kit", "TEA-001:0"]);
    env.expect(
        2,
        &[
            "sku",
            "add",
            "Z",
            "--name",
            "z",
            "--kit",
            "TEA-001:1,,CUP-01",
        ],
    );
    // A kit keeps no stock of its own.
    for args in [
        &["receive", "GIFT-01", "1"][..],
        &["adjust", "GIFT-01", "--set", "4", "--reason", "x"],
        &["writeoff", "GIFT-01", "1", "--reason", "x"],
    ] {
        let r = env.expect(1, args);
        assert!(r.stderr.contains("GIFT-01 is a kit"), "{args:?}: {r:?}");
    }
    let r = env.run_in("ru", &["receive", "GIFT-01", "1"]);
    assert!(r.stderr.contains("GIFT-01 — набор"), "{r:?}");
    // A SKU with stock of its own cannot become a kit.
    let r = env.expect(1, &["sku", "edit", "CUP-01", "--kit", "TEA-001:1"]);
    assert!(r.stderr.contains("is a component of kit"), "{r:?}");
    env.ok(&["sku", "add", "SPOON", "--name", "Ложка"]);
    env.ok(&["receive", "SPOON", "2"]);
    let r = env.expect(1, &["sku", "edit", "SPOON", "--kit", "TEA-001:1"]);
    assert!(
        r.stderr
            .contains("has stock, reservations or movements of its own"),
        "{r:?}"
    );
    // The components do not change while a reservation of the kit is open.
    let j = env.json(&["reserve", "GIFT-01", "1", "--channel", "Ozon"]);
    let id = j["reservation"].as_u64().expect("id").to_string();
    let r = env.expect(
        1,
        &["sku", "edit", "GIFT-01", "--kit", "TEA-001:1,CUP-01:2"],
    );
    assert!(r.stderr.contains(&format!("reservation #{id}")), "{r:?}");
    env.expect(1, &["sku", "edit", "GIFT-01", "--no-kit"]);
    env.ok(&["ship", &id]);
    // Once reserved or sold, the components stay: history and returns read with them.
    let r = env.expect(
        1,
        &["sku", "edit", "GIFT-01", "--kit", "TEA-001:1,CUP-01:2"],
    );
    assert!(r.stderr.contains("add a new kit SKU"), "{r:?}");
    env.expect(1, &["sku", "edit", "GIFT-01", "--no-kit"]);
    assert_eq!(
        env.available("GIFT-01"),
        2,
        "tea 6, honey 2, cups 7: the honey allows 2"
    );
    // A count names components only.
    env.ok(&["count", "start", "--at", "Main warehouse"]);
    let r = env.expect(1, &["count", "add", "1", "GIFT-01", "1"]);
    assert!(r.stderr.contains("GIFT-01 is a kit"), "{r:?}");
    env.check();
}

#[test]
fn backups_carry_the_kits() {
    let env = Env::gift();
    env.ok(&[
        "reserve",
        "GIFT-01",
        "2",
        "--channel",
        "Ozon",
        "--order",
        "OZ-1",
    ]);
    env.ok(&["backup", "copy.redb"]);
    let copy = env.dir.path().join("copy.redb");
    let out = env.command("en").args(["check"]).output().expect("check");
    assert!(out.status.success());
    let mut c = Command::new(BIN);
    let home = env.dir.path();
    c.current_dir(home)
        .env("HOME", home)
        .env("STOCKROOM_LANG", "en")
        .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
        .arg("--db")
        .arg(&copy)
        .args(["--json", "sku", "show", "GIFT-01"]);
    let r = Run::from(c.output().expect("show"));
    assert_eq!(r.code, 0, "{r:?}");
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(
        (v["available"].clone(), v["reserved"].clone()),
        (1.into(), 2.into())
    );
    assert_eq!(v["kit"]["components"].as_array().map(Vec::len), Some(3));
}

#[test]
fn concurrent_reserves_through_serve_mixing_a_kit_and_its_parts_never_oversell() {
    let env = Env::gift();
    // Tea 7, honey 3, cups 9: a kit takes 2 cups, a cup alone takes 1.
    let server = stockroom::server::Server::bind(&env.db, None, None).expect("bind");
    let stopper = server.stopper();
    let thread = std::thread::spawn(move || server.run().expect("serve"));
    let children: Vec<_> = (0..32)
        .map(|i| {
            let code = if i % 2 == 0 { "GIFT-01" } else { "CUP-01" };
            env.command("en")
                .args(["reserve", code, "1", "--channel", "Ozon"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut codes = Vec::new();
    for (i, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().expect("wait");
        let code = out.status.code().expect("code");
        if code == 1 {
            assert!(String::from_utf8_lossy(&out.stderr).contains("insufficient"));
        } else {
            assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out.stderr));
        }
        codes.push((i % 2 == 0, code == 0));
    }
    stopper.stop();
    thread.join().expect("server stops");
    let kits = codes.iter().filter(|(kit, ok)| *kit && *ok).count() as u64;
    let cups = codes.iter().filter(|(kit, ok)| !*kit && *ok).count() as u64;
    let (on_hand, reserved, available, _) = env.levels("CUP-01");
    assert_eq!(reserved, kits * 2 + cups, "every kit holds 2 cups");
    assert!(reserved <= on_hand, "{reserved} of {on_hand} cups promised");
    // Every cup went: what is left cannot make another kit or sell another cup alone.
    assert_eq!(available, 0, "kits {kits}, cups {cups}");
    assert!(kits <= 3, "honey allows 3 kits");
    assert_eq!(env.levels("HONEY-01").1, kits);
    assert_eq!(env.levels("TEA-001").1, kits);
    env.check();
}

#[test]
fn the_packer_picks_a_kit_by_scanning_its_components() {
    let env = Env::gift();
    let j = env.json(&[
        "reserve",
        "GIFT-01",
        "2",
        "--channel",
        "Ozon",
        "--order",
        "OZ-9",
    ]);
    let id = j["reservation"].as_u64().expect("id").to_string();
    let picked = |env: &Env| -> (u64, String) {
        let rows = env.json(&["reservations"]);
        let r = rows
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| {
                r["reservation"].as_u64().map(|n| n.to_string()).as_deref() == Some(id.as_str())
            })
            .expect("the reservation")
            .clone();
        (
            r["picked"].as_u64().expect("picked"),
            r["status"].as_str().expect("status").to_string(),
        )
    };
    // One kit: a tea, a honey and two cups.
    for code in ["TEA-001", "CUP-01", "HONEY-01"] {
        env.ok(&["pick", &id, code]);
    }
    assert_eq!(picked(&env).0, 0, "the second cup is missing");
    let r = env.ok(&["pick", &id, "CUP-01"]);
    // The answer counts the component's units, and names what is left to scan.
    assert_eq!(
        r.stdout.trim(),
        "CUP-01: 2 of 4 scanned; left: TEA-001 ×1, HONEY-01 ×1, CUP-01 ×2"
    );
    assert_eq!(picked(&env), (1, "open".to_string()));
    let rows = env.json(&["reservations"]);
    let parts: Vec<(String, u64, u64)> = rows[0]["parts"]
        .as_array()
        .expect("the pick list")
        .iter()
        .map(|p| {
            (
                p["code"].as_str().expect("code").to_string(),
                p["need"].as_u64().expect("need"),
                p["scanned"].as_u64().expect("scanned"),
            )
        })
        .collect();
    let want = [("TEA-001", 2, 1), ("HONEY-01", 2, 1), ("CUP-01", 4, 2)];
    let want: Vec<(String, u64, u64)> = want
        .iter()
        .map(|(c, n, s)| (c.to_string(), *n, *s))
        .collect();
    assert_eq!(parts, want);
    // Something that is not in the kit is the wrong item.
    let r = env.expect(1, &["pick", &id, "SPOON"]);
    assert!(r.stderr.contains("wrong item"), "{r:?}");
    // A component typed in the other keyboard layout (Cyrillic Т, Е, А) is said to be so.
    let r = env.expect(2, &["pick", &id, "ТЕА-001"]);
    assert!(
        r.stderr
            .contains("but SKU TEA-001 does when written with the other alphabet"),
        "{r:?}"
    );
    // The kit's own code is no kit here (none was made ahead): refused, nothing picked.
    let r = env.expect(1, &["pick", &id, "GIFT-01"]);
    assert!(
        r.stderr
            .contains("holds the components of kit GIFT-01, not a kit made ahead: scan its components one by one (TEA-001, HONEY-01, CUP-01)"),
        "{r:?}"
    );
    let ru = env.run_in("ru", &["pick", &id, "GIFT-01"]);
    assert!(
        ru.stderr.contains("сканируйте его компоненты по одному"),
        "{ru:?}"
    );
    assert_eq!(picked(&env), (1, "open".to_string()));
    let after = env.json(&["reservations"]);
    assert_eq!(after[0]["parts"], rows[0]["parts"], "nothing was ticked");
    for code in ["TEA-001", "HONEY-01", "CUP-01", "CUP-01"] {
        env.ok(&["pick", &id, code]);
    }
    assert_eq!(picked(&env), (2, "picked".to_string()));
    let r = env.expect(1, &["pick", &id, "TEA-001"]);
    assert!(r.stderr.contains("fully picked"), "{r:?}");
    // Shipping one kit leaves one picked kit for the rest.
    env.ok(&["ship", &id, "--qty", "1"]);
    assert_eq!(picked(&env), (1, "picked".to_string()));
    env.ok(&["ship", &id]);
    // The components' sales count the kits: 2 kits shipped are 4 cups sold.
    let cup = env.json(&["sku", "show", "CUP-01"]);
    assert_eq!(cup["sold"], 4, "{cup}");
    let gift = env.json(&["sku", "show", "GIFT-01"]);
    assert_eq!(gift["sold"], 0, "a kit's sales are its components'");
    env.check();
}

#[test]
fn channels_publish_the_kits_available_and_its_alert_names_the_limiting_part() {
    let env = Env::gift();
    // A channel that keeps a buffer of 1 publishes the kit's 3 less 1.
    env.ok(&["channel", "rules", "Ozon", "--buffer", "1"]);
    let m = env.json(&["matrix"]);
    let row = |m: &Value, code: &str| -> Value {
        m.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {m}"))
            .clone()
    };
    let gift = row(&m, "GIFT-01");
    assert_eq!(gift["available"], 3, "{gift}");
    assert_eq!(gift["channels"][0]["published"], 2, "{gift}");
    // Honey sold out in the shop: the kit is out too, and its alert names honey.
    env.ok(&["sell", "HONEY-01", "3", "--channel", "Ozon"]);
    let m = env.json(&["matrix"]);
    assert_eq!(row(&m, "GIFT-01")["channels"][0]["published"], 0);
    let alerts = env.json(&["alerts"]);
    let a = row(&alerts, "GIFT-01");
    assert_eq!(a["limited_by"], "HONEY-01", "{a}");
    assert_eq!(a["severity"], "out", "{a}");
    assert_eq!(a["suggested"], 0, "a kit is not ordered: its component is");
    assert!(row(&alerts, "HONEY-01")["suggested"].as_u64() > Some(0));
    let text = env.ok(&["alerts"]).stdout;
    assert!(text.contains("(kit, limited by HONEY-01)"), "{text}");
    let ru = env.run_in("ru", &["alerts"]).stdout;
    assert!(ru.contains("(набор, ограничивает HONEY-01)"), "{ru}");
}

/// A count that leaves fewer components than the kits reserved marks the kit's reservation
/// short, in the apply's answer and in the queue, oldest order covered first.
#[test]
fn a_count_short_of_a_component_marks_the_kits_reservation_short() {
    let env = Env::gift();
    // Tea 7: a plain order for 1 first, then 2 kits (tea 2).
    env.ok(&[
        "reserve",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "P-1",
    ]);
    env.ok(&[
        "reserve",
        "GIFT-01",
        "2",
        "--channel",
        "Ozon",
        "--order",
        "K-1",
    ]);
    env.ok(&["count", "start"]);
    env.ok(&["count", "add", "1", "TEA-001", "2"]);
    let applied = env.ok(&["count", "apply", "1"]).stdout;
    // Tea 2 covers the plain order (1) and 1 of the 2 kits: the kit order is short 1 kit.
    assert!(applied.contains("K-1"), "{applied}");
    assert!(!applied.contains("P-1"), "{applied}");
    let q = env.json(&["reservations"]);
    let row = |order: &str| -> Value {
        q.as_array()
            .and_then(|a| a.iter().find(|r| r["order"] == order).cloned())
            .unwrap_or_else(|| panic!("no {order}: {q}"))
    };
    assert_eq!(row("K-1")["short"], 1, "{q}");
    assert_eq!(row("P-1")["short"], 0, "{q}");
    env.check();
}

/// A component scanned once more than the kits need is refused, naming what is still to scan.
#[test]
fn a_component_scanned_in_full_names_what_is_left_to_scan() {
    let env = Env::gift();
    let j = env.json(&[
        "reserve",
        "GIFT-01",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "K-2",
    ]);
    let id = j["reservation"].as_u64().expect("id").to_string();
    env.ok(&["pick", &id, "TEA-001"]);
    let r = env.expect(1, &["pick", &id, "TEA-001"]);
    assert!(
        r.stderr.contains(&format!(
            "TEA-001 for reservation #{id} is picked in full (1 of 1); still to scan: HONEY-01 ×1, CUP-01 ×2"
        )),
        "{r:?}"
    );
    let ru = env.run_in("ru", &["pick", &id, "TEA-001"]);
    assert!(
        ru.stderr
            .contains("осталось отсканировать: HONEY-01 ×1, CUP-01 ×2"),
        "{ru:?}"
    );
    env.check();
}

#[test]
fn a_kits_limit_is_read_per_location_as_a_reservation_takes_it() {
    // Main: tea 7, honey 3, cups 9. Shop: honey 4, cups 6, no tea. Over both, tea and honey
    // allow 7 kits each; but a kit is packed at one place: 3 at Main (honey), 0 at Shop (tea).
    let env = Env::gift();
    env.ok(&["location", "add", "Shop"]);
    env.ok(&["receive", "HONEY-01", "4", "--at", "Shop"]);
    env.ok(&["receive", "CUP-01", "6", "--at", "Shop"]);
    let kit = &env.json(&["sku", "show", "GIFT-01"])["kit"];
    assert_eq!(kit["available"], 3, "{kit}");
    let places: Vec<(String, i64, String)> = kit["places"]
        .as_array()
        .expect("places")
        .iter()
        .map(|p| {
            (
                p["location"].as_str().expect("location").to_string(),
                p["available"].as_i64().expect("available"),
                p["limited_by"].as_str().expect("limited_by").to_string(),
            )
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("Main warehouse".to_string(), 3, "HONEY-01".to_string()),
            ("Shop".to_string(), 0, "TEA-001".to_string()),
        ]
    );
    let text = env.ok(&["sku", "show", "GIFT-01"]).stdout;
    assert!(
        text.contains("kit: 3 available, limited by HONEY-01 at Main warehouse, TEA-001 at Shop"),
        "{text}"
    );
    let ru = env.run_in("ru", &["sku", "show", "GIFT-01"]).stdout;
    assert!(
        ru.contains("ограничивает HONEY-01 на складе Main warehouse, TEA-001 на складе Shop"),
        "{ru}"
    );
    // What the detail says is what a reservation can take: 3 kits, not 7.
    let r = env.expect(
        1,
        &[
            "reserve",
            "GIFT-01",
            "4",
            "--channel",
            "Ozon",
            "--order",
            "BIG",
        ],
    );
    assert!(r.stderr.contains("3"), "{r:?}");
    env.reserve("3", "FITS");
    env.check();
}
