//! The real binary on a temp database: `alerts`, `po ...` and `report ...`,
//! their exit codes, JSON shapes and sentences.

use std::path::Path;

use serde_json::Value;

fn cli(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("STOCKROOM_LANG", "en")
        .arg("--db")
        .arg(dir.join("cli.redb"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = cli(dir, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    serde_json::from_str(&ok(dir, &a)).unwrap()
}

#[test]
fn cli_alerts_purchase_orders_and_reports() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    ok(d, &["init"]);
    ok(
        d,
        &[
            "sku",
            "add",
            "A",
            "--name",
            "Чай",
            "--supplier",
            "S1",
            "--lead-days",
            "14",
            "--cost",
            "50",
        ],
    );
    ok(d, &["channel", "add", "Shop", "--kind", "retail"]);
    ok(d, &["receive", "A", "12"]);
    ok(d, &["sell", "A", "10", "--channel", "Shop"]);
    ok(d, &["defect", "A", "1", "--reason", "packaging"]);

    let alerts = json(d, &["alerts"]);
    let a = &alerts[0];
    assert_eq!(
        (a["code"].as_str(), a["severity"].as_str()),
        (Some("A"), Some("critical"))
    );
    for f in [
        "available",
        "on_order",
        "days_of_cover",
        "reorder_point",
        "suggested",
        "min",
        "safety",
        "backorders",
    ] {
        assert!(a[f].is_u64() || a[f].is_i64(), "{f}: {a}");
    }
    assert!(a["velocity"].is_f64(), "{a}");
    assert_eq!(
        (a["computed"].as_bool(), a["supplier"].as_str()),
        (Some(true), Some("S1"))
    );
    let suggested = a["suggested"].as_u64().unwrap();
    assert!(suggested > 0);
    assert!(ok(d, &["alerts"]).contains("critical"));
    // Snoozed: hidden (also from --from-alerts), shown with --all; 0 days ends it.
    assert!(ok(d, &["alerts", "snooze", "A", "3"]).contains("snoozed"));
    assert!(!ok(d, &["alerts"]).contains("Чай"));
    assert!(ok(d, &["alerts", "--all"]).contains("Чай"));
    assert!(ok(d, &["po", "create", "--from-alerts"]).contains("Nothing to order"));
    ok(d, &["alerts", "snooze", "A", "0"]);

    let created = json(d, &["po", "create", "--from-alerts"]);
    let po = &created["orders"][0];
    assert_eq!(
        (po["id"].as_u64(), po["supplier"].as_str()),
        (Some(1), Some("S1"))
    );
    assert_eq!(po["lines"][0]["ordered"].as_u64(), Some(suggested));
    assert_eq!(json(d, &["po", "list"]).as_array().map(Vec::len), Some(1));
    assert_eq!(
        json(d, &["alerts"])[0]["on_order"].as_u64(),
        Some(suggested)
    );

    assert!(ok(d, &["po", "receive", "1", "A", "1"]).contains("purchase order #1"));
    let (code, _, err) = cli(d, &["po", "receive", "1", "A", "100000"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("expects"), "{err}");
    let (code, _, err) = cli(d, &["po", "receive", "1", "A"]);
    assert_eq!(code, 2, "{err}");
    assert!(ok(d, &["po", "receive", "1"]).contains("received in full"));
    assert_eq!(
        json(d, &["po", "show", "1"])["status"].as_str(),
        Some("received")
    );
    assert_eq!(
        json(d, &["history", "A", "--limit", "1"])[0]["reference"].as_str(),
        Some("PO-1")
    );
    let (code, _, err) = cli(d, &["po", "cancel", "1"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = cli(d, &["po", "show", "9"]);
    assert_eq!(code, 2, "{err}");
    ok(d, &["po", "create", "--supplier", "S9", "A", "2"]);
    assert!(ok(d, &["po", "cancel", "2"]).contains("cancelled"));

    let defects = json(d, &["report", "defects", "--days", "7"]);
    let row = &defects["rows"][0];
    assert_eq!(
        (row["reason"].as_str(), row["supplier"].as_str()),
        (Some("packaging"), Some("S1"))
    );
    assert_eq!(
        (row["units"].as_u64(), row["cost"].as_str()),
        (Some(1), Some("50.00"))
    );
    assert!(ok(d, &["report", "defects"]).contains("packaging"));
    let velocity = json(d, &["report", "velocity"]);
    assert_eq!(velocity[0]["units"].as_u64(), Some(10));
    assert_eq!(velocity[0]["channels"][0]["channel"].as_str(), Some("Shop"));

    let (code, _, _) = cli(d, &["alerts", "--days", "0"]);
    assert_eq!(code, 2);
    assert!(ok(d, &["check"]).contains("check passed"));
}

#[test]
fn a_new_shop_with_a_hand_set_min_gets_an_order_to_place() {
    // No sales yet: the order comes from the owner's min and safety, rounded to the pack,
    // and `po create --from-alerts` is not empty.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init"]);
    ok(
        d,
        &[
            "sku",
            "add",
            "CUP-1",
            "--name",
            "Чашка",
            "--min",
            "4",
            "--safety",
            "1",
            "--supplier",
            "ООО Посуда",
            "--pack",
            "6",
        ],
    );
    ok(d, &["receive", "CUP-1", "3"]);
    let a = json(d, &["alerts"]);
    let row = &a.as_array().unwrap()[0];
    assert_eq!(
        (row["severity"].as_str(), row["suggested"].as_u64()),
        (Some("low"), Some(6)),
        "{row}"
    );
    let po = json(d, &["po", "create", "--from-alerts"]);
    assert_eq!(po["orders"][0]["lines"][0]["ordered"], 6, "{po}");
    // Once it arrives the alert is gone.
    ok(d, &["po", "receive", "1"]);
    let a = json(d, &["alerts"]);
    assert!(a.as_array().unwrap().is_empty(), "{a}");
}
