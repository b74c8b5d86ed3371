//! Kits on the real binary, the last of their rules: a return that names a component as
//! defective twice is refused and changes nothing; and a kit's sales, made or not, are
//! its components' demand in the alerts and the purchase suggestions.

mod kit_shop;

use kit_shop::Env;
use serde_json::Value;

/// The ledger and every SKU's levels, to see that nothing changed.
fn state(env: &Env) -> (Value, Value) {
    (
        env.json(&["history", "--limit", "1000"]),
        env.json(&["sku", "list"]),
    )
}

#[test]
fn a_component_named_twice_as_defective_is_refused_and_nothing_changes() {
    let env = Env::gift();
    let id = env.reserve("2", "OZ-1");
    env.ok(&["ship", &id]);
    let before = state(&env);
    let ret = |lang: &str, second: &str| {
        env.run_in(
            lang,
            &[
                "return",
                "GIFT-01",
                "1",
                "--channel",
                "Ozon",
                "--order",
                "OZ-1",
                "--restock",
                "--defective-part",
                "CUP-01:shipping_damage",
                "--defective-part",
                second,
            ],
        )
    };
    // The same reason twice, or another: which one was meant is not known.
    for second in ["CUP-01:shipping_damage", "CUP-01:packaging"] {
        let r = ret("en", second);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(
            r.stderr.contains(
                "CUP-01 is named twice with --defective-part in this return of kit GIFT-01"
            ),
            "{r:?}"
        );
        let ru = ret("ru", second);
        assert_eq!(ru.code, 1, "{ru:?}");
        assert!(
            ru.stderr
                .contains("CUP-01 указан в --defective-part дважды в этом возврате набора GIFT-01"),
            "{ru:?}"
        );
        assert_eq!(state(&env), before, "nothing changed");
    }
    // Named once, it goes through.
    env.ok(&[
        "return",
        "GIFT-01",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "OZ-1",
        "--restock",
        "--defective-part",
        "CUP-01:packaging",
    ]);
    assert_eq!(env.levels("CUP-01").3, 2);
    env.check();
}

/// One SKU's alert row.
fn alert<'a>(alerts: &'a Value, code: &str) -> &'a Value {
    alerts
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("no alert for {code}: {alerts}"))
}

#[test]
fn made_and_virtual_kit_sales_are_their_components_demand() {
    // Tea 7, honey 3, cups 9; a kit is tea 1 + honey 1 + cups 2. Every SKU has the default
    // lead time (14 days), review period (7 days) and sales window (28 days).
    let env = Env::gift();
    for code in ["TEA-001", "HONEY-01", "CUP-01"] {
        env.ok(&["sku", "edit", code, "--supplier", "Фарфор"]);
    }
    env.ok(&["channel", "add", "Shop", "--kind", "retail"]);
    // Cups sold alone: 3.
    env.ok(&["sell", "CUP-01", "3", "--channel", "Shop"]);
    // A kit sold from its components (none made yet): 1 tea, 1 honey, 2 cups.
    env.ok(&["sell", "GIFT-01", "1", "--channel", "Ozon"]);
    // Two kits made ahead, then sold as made kits: 2 tea, 2 honey, 4 cups.
    env.ok(&["kit", "assemble", "GIFT-01", "2"]);
    env.ok(&["sell", "GIFT-01", "2", "--channel", "Ozon"]);
    assert_eq!(
        env.levels("GIFT-01"),
        (0, 0, 0, 0),
        "the made kits went out"
    );

    // Demand: cups 3 + 1×2 + 2×2 = 9; honey 1 + 2 = 3; tea 1 + 2 = 3; the kit itself 0.
    // Cups: 9 in 28 days; min = ⌈9 × 14 / 28⌉ = 5, safety = ⌈5 × 25 %⌉ = 2, none left,
    // so order ⌈9 × (14 + 7) / 28⌉ + 2 − 0 = 7 + 2 = 9.
    // Honey: 3 in 28 days; min = ⌈3 × 14 / 28⌉ = 2, safety 1, order ⌈3 × 21 / 28⌉ + 1 = 4.
    let alerts = env.json(&["alerts"]);
    let figures = |code: &str| {
        let a = alert(&alerts, code);
        (
            a["sold"].as_u64().expect("sold"),
            a["min"].as_u64().expect("min"),
            a["safety"].as_u64().expect("safety"),
            a["suggested"].as_u64().expect("suggested"),
        )
    };
    assert_eq!(figures("CUP-01"), (9, 5, 2, 9));
    assert_eq!(figures("HONEY-01"), (3, 2, 1, 4));
    assert_eq!(figures("GIFT-01"), (0, 0, 0, 0), "a kit is not ordered");
    // The one-SKU detail reads the same demand through its own path. Tea: 3 in 28 days,
    // min 2, 4 left: ⌊4 × 28 / 3⌋ = 37 days of cover, no alert.
    let cup = env.json(&["sku", "show", "CUP-01"]);
    assert_eq!(
        (cup["sold"].as_u64(), cup["min_stock"].as_u64()),
        (Some(9), Some(5))
    );
    let tea = env.json(&["sku", "show", "TEA-001"]);
    assert_eq!(
        (
            tea["sold"].as_u64(),
            tea["min_stock"].as_u64(),
            tea["days_of_cover"].as_u64()
        ),
        (Some(3), Some(2), Some(37)),
        "{tea}"
    );
    assert!(
        alerts
            .as_array()
            .expect("alerts")
            .iter()
            .all(|a| a["code"] != "TEA-001"),
        "{alerts}"
    );
    // The purchase suggestion orders what the alerts say, for the components only.
    let po = env.json(&["po", "create", "--from-alerts"]);
    let lines: Vec<(String, u64)> = po["orders"][0]["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["code"].as_str().expect("code").to_string(),
                l["ordered"].as_u64().expect("ordered"),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![("CUP-01".to_string(), 9), ("HONEY-01".to_string(), 4)]
    );
    env.check();
}

/// A kit's components come back only with the kit: returning them one by one against the
/// kit's order is refused, so the kit's return cannot bring them back a second time.
#[test]
fn components_of_a_shipped_kit_are_not_returned_alone() {
    let env = Env::gift();
    let id = env.reserve("1", "Z1");
    env.ok(&["ship", &id]);
    let (tea, cups) = (env.levels("TEA-001").0, env.levels("CUP-01").0);
    let before = state(&env);
    for (code, qty) in [("TEA-001", "1"), ("CUP-01", "2")] {
        let r = env.expect(
            1,
            &[
                "return",
                code,
                qty,
                "--channel",
                "Ozon",
                "--order",
                "Z1",
                "--restock",
            ],
        );
        assert!(r.stderr.contains("Z1"), "{r:?}");
    }
    assert_eq!(state(&env), before);
    env.ok(&[
        "return",
        "GIFT-01",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "Z1",
        "--restock",
    ]);
    // Back once: one tea and two cups, not twice that.
    assert_eq!(env.levels("TEA-001").0, tea + 1);
    assert_eq!(env.levels("CUP-01").0, cups + 2);
    env.expect(
        1,
        &[
            "return",
            "TEA-001",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "Z1",
            "--restock",
        ],
    );
    env.check();
}

/// A SKU that was received and sold cannot become a kit: a return of its old order would
/// bring back components that never left.
#[test]
fn a_sku_with_a_past_cannot_become_a_kit() {
    let env = Env::gift();
    env.ok(&["sku", "add", "BOX", "--name", "Коробка"]);
    env.ok(&["receive", "BOX", "5"]);
    let r = env.json(&["reserve", "BOX", "5", "--channel", "Ozon", "--order", "P1"]);
    env.ok(&["ship", &r["reservation"].as_u64().expect("id").to_string()]);
    let before = state(&env);
    for lang in ["en", "ru"] {
        let r = env.run_in(lang, &["sku", "edit", "BOX", "--kit", "TEA-001:1,CUP-01:2"]);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stderr.contains("BOX"), "{r:?}");
        assert!(
            r.stderr.contains("new SKU") || r.stderr.contains("новым товаром"),
            "{r:?}"
        );
    }
    assert_eq!(state(&env), before);
    env.check();
}

/// An archived component stops its kit from being reserved or sold, as an archived SKU is.
#[test]
fn a_kit_with_an_archived_component_is_not_sold() {
    let env = Env::gift();
    env.ok(&["sku", "archive", "HONEY-01"]);
    let before = state(&env);
    for args in [
        &[
            "reserve",
            "GIFT-01",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "A1",
        ][..],
        &["sell", "GIFT-01", "1", "--channel", "Ozon"][..],
    ] {
        let r = env.expect(1, args);
        assert!(
            r.stderr.contains(
                "kit GIFT-01 is not reserved or sold while its component HONEY-01 is archived; `stockroom sku unarchive HONEY-01` brings the component back"
            ),
            "{r:?}"
        );
    }
    assert_eq!(state(&env), before);
    // Nor is a kit made of it, by hand or by a file, nor are kits assembled from it.
    let r = env.expect(
        1,
        &[
            "sku",
            "add",
            "GIFT-02",
            "--name",
            "Набор 2",
            "--kit",
            "HONEY-01:1",
        ],
    );
    assert!(r.stderr.contains("component HONEY-01 is archived"), "{r:?}");
    std::fs::write(
        env.dir.path().join("kits.csv"),
        "code,name,kit\nGIFT-03,Набор 3,HONEY-01:2\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "kits.csv"]);
    assert!(r.stderr.contains("component HONEY-01 is archived"), "{r:?}");
    let r = env.expect(1, &["kit", "assemble", "GIFT-01", "1"]);
    assert!(r.stderr.contains("component HONEY-01 is archived"), "{r:?}");
    assert_eq!(state(&env), before);
    env.ok(&["sku", "unarchive", "HONEY-01"]);
    env.ok(&["sell", "GIFT-01", "1", "--channel", "Ozon"]);
    // The same components in another order are the same kit, though it has been sold.
    let show = env.json(&["sku", "show", "GIFT-01"]);
    let parts: Vec<String> = show["kit"]["components"]
        .as_array()
        .map(|a| {
            a.iter()
                .rev()
                .map(|c| format!("{}:{}", c["code"].as_str().unwrap_or(""), c["qty"]))
                .collect()
        })
        .unwrap_or_default();
    assert!(parts.len() >= 2, "{show}");
    env.ok(&["sku", "edit", "GIFT-01", "--kit", &parts.join(",")]);
}
