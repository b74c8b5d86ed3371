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
