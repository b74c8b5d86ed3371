//! Purchase orders' expected dates, lead times measured by receipts, and late orders, on
//! the real binary with a pinned clock and time zone (Moscow, UTC+3).

mod shop;

use shop::Shop;

const T0: &str = "2026-03-01T10:00:00Z";

/// Two SKUs of one supplier (lead 7 and 10 days) and one of another (lead 3).
fn shop() -> Shop {
    let s = Shop::new(T0);
    for (code, sup, lead) in [
        ("TEA", "Tula", "7"),
        ("MUG", "Tula", "10"),
        ("PEN", "Pens", "3"),
    ] {
        s.ok(
            T0,
            &[
                "sku",
                "add",
                code,
                "--name",
                code,
                "--supplier",
                sup,
                "--lead-days",
                lead,
            ],
        );
    }
    s
}

#[test]
fn an_order_is_expected_by_the_date_given_or_after_the_longest_lead_time() {
    let s = shop();
    // No date: by the end of the local day the longest lead time of its SKUs (MUG, 10 days)
    // after creation ends: 11 March, whose end in Moscow is 21:00 UTC.
    let po = s.json(
        T0,
        &["po", "create", "--supplier", "Tula", "TEA", "5", "MUG", "2"],
    );
    let order = &po["orders"][0];
    assert_eq!(order["expected"], "2026-03-11T21:00:00Z");
    assert_eq!(order["late"], false);
    // A date: by the end of that local day (midnight Moscow is 21:00 UTC the day before).
    let po = s.json(T0, &["po", "add", "--expected", "2026-03-05", "PEN", "4"]);
    assert_eq!(po["orders"][0]["expected"], "2026-03-05T21:00:00Z");
    let shown = s.json(T0, &["po", "show", "2"]);
    assert_eq!(shown["expected"], "2026-03-05T21:00:00Z");
    // Text shows the local day, in the list and in one order.
    let list = s.ok(T0, &["po", "list"]);
    assert!(list.contains("expected"), "{list}");
    assert!(
        list.contains("2026-03-05") && list.contains("2026-03-11"),
        "{list}"
    );
    let one = s.ok(T0, &["po", "show", "2"]);
    assert!(one.contains("Expected by 2026-03-05"), "{one}");
    // A date already past or not a date is refused, and nothing is created.
    let err = s.refused(
        T0,
        &["po", "create", "--expected", "2026-02-28", "PEN", "1"],
    );
    assert!(
        err.contains(
            r#"expected "2026-02-28" is in the past; give today (2026-03-01) or a later day"#
        ),
        "{err}"
    );
    // A date no order takes (past ten years on, or one the calendar cannot write after it).
    let err = s.refused(
        T0,
        &["po", "create", "--expected", "9999-12-31", "PEN", "1"],
    );
    assert!(
        err.contains(r#"expected "9999-12-31" must be at most 2036-03-01"#),
        "{err}"
    );
    let err = s.refused(T0, &["po", "create", "--expected", "5 March", "PEN", "1"]);
    assert!(err.contains("expected"), "{err}");
    assert_eq!(
        s.json(T0, &["po", "list", "--all"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // In Russian too.
    let ru = Shop { lang: "ru", ..s };
    let one = ru.ok(T0, &["po", "show", "2"]);
    assert!(one.contains("Ожидается к 2026-03-05"), "{one}");
    let err = ru.refused(
        T0,
        &["po", "create", "--expected", "2026-02-28", "PEN", "1"],
    );
    assert!(
        err.contains(
            "ожидаемая дата \"2026-02-28\": уже прошла; укажите сегодняшний день (2026-03-01)"
        ),
        "{err}"
    );
}

#[test]
fn receipts_measure_each_order_once_at_its_last_unit_and_late_orders() {
    let s = shop();
    // #1 Tula TEA 10, expected by the end of the day 7 days on: 2026-03-08T21:00Z.
    s.ok(T0, &["po", "create", "TEA", "10"]);
    // #2 Tula MUG 4, expected by the end of 10 March (Moscow): 2026-03-10T21:00Z.
    s.ok(
        T0,
        &["po", "create", "--expected", "2026-03-10", "MUG", "4"],
    );
    // #3 Pens PEN 5, expected after 3 days: never received.
    s.ok(T0, &["po", "create", "PEN", "5"]);
    // Receipts: #1 3 units after 5 days (on time), the rest after 12 days (late);
    // #2 all after 7 days (on time).
    s.ok("2026-03-06T11:00:00Z", &["po", "receive", "1", "TEA", "3"]);
    s.ok("2026-03-08T10:00:00Z", &["po", "receive", "2"]);
    // Between: #1 is still open with 7 units to come, so only #2 is measured.
    let mid = s.json("2026-03-09T10:00:00Z", &["report", "lead-times"]);
    let tula = &mid["rows"][1];
    assert_eq!(tula["supplier"], "Tula", "{mid}");
    assert_eq!(
        (tula["receipts"].as_u64(), tula["median"].as_f64()),
        (Some(1), Some(7.0))
    );
    s.ok("2026-03-13T12:00:00Z", &["po", "receive", "1"]);
    let now = "2026-03-14T10:00:00Z";
    let r = s.json(now, &["report", "lead-times"]);
    let rows = r["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{r}");
    // Pens: nothing received, one order overdue (expected 03-04).
    assert_eq!(rows[0]["supplier"], "Pens");
    assert_eq!(
        (rows[0]["receipts"].as_u64(), rows[0]["overdue"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(rows[0]["median"].is_null(), "nothing measured: {r}");
    // Tula: #1 came in two parts (5 and 12 days) and counts once, at its last unit: 12;
    // #2 took 7. Lead times 7, 12 -> median 9.5, min 7, max 12, p80 (rank ⌈1.6⌉ = 2) 12;
    // one order late (#1), none overdue now (both received).
    let t = &rows[1];
    assert_eq!(t["supplier"], "Tula");
    assert_eq!(t["orders"], 2);
    assert_eq!(t["receipts"], 2);
    assert_eq!(t["median"].as_f64(), Some(9.5));
    assert_eq!(
        (t["min"].as_u64(), t["max"].as_u64(), t["p80"].as_u64()),
        (Some(7), Some(12), Some(12))
    );
    assert_eq!(
        (t["late"].as_u64(), t["overdue"].as_u64()),
        (Some(1), Some(0))
    );
    let text = s.ok(now, &["report", "lead-times"]);
    assert!(text.contains("Tula") && text.contains("7–12"), "{text}");
    let ru = Shop { lang: "ru", ..s };
    let text = ru.ok(now, &["report", "lead-times"]);
    assert!(text.contains("медиана"), "{text}");
}

#[test]
fn no_receipts_measure_nothing() {
    let s = shop();
    assert!(
        s.ok(T0, &["report", "lead-times"])
            .contains("nothing measured")
    );
    assert_eq!(
        s.json(T0, &["report", "lead-times"])["rows"],
        serde_json::json!([])
    );
}

#[test]
fn late_orders_are_alerts_and_the_day_lists_them() {
    let s = shop();
    s.ok(T0, &["po", "create", "PEN", "5"]); // by the end of 4 March, Moscow: 2026-03-04T21:00Z
    s.ok(
        T0,
        &["po", "create", "--expected", "2026-03-20", "TEA", "2"],
    );
    // Before it is due: no late order anywhere.
    let early = "2026-03-03T10:00:00Z";
    assert_eq!(
        s.json(early, &["po", "list", "--late"]),
        serde_json::json!([])
    );
    assert!(!s.ok(early, &["alerts"]).contains("late"));
    // The day it is due, it is listed as due, not late: in the morning, and in the afternoon
    // after the hour it was ordered at.
    assert_eq!(
        s.json("2026-03-04T15:00:00Z", &["po", "list", "--late"]),
        serde_json::json!([])
    );
    let day = s.json("2026-03-04T15:00:00Z", &["day", "2026-03-04"]);
    let due = day["purchase_orders_due"].as_array().expect("due");
    assert_eq!(due.len(), 1, "{day}");
    assert_eq!(
        (due[0]["id"].as_u64(), due[0]["late"].as_bool()),
        (Some(1), Some(false))
    );
    // After: late, in alerts (text and JSON) and in the day report.
    let now = "2026-03-05T10:00:00Z";
    let a = s.json(now, &["po", "list", "--late"]);
    let late = a.as_array().expect("late orders");
    assert_eq!(late.len(), 1, "{a}");
    assert_eq!(
        (late[0]["id"].as_u64(), late[0]["outstanding"].as_u64()),
        (Some(1), Some(5))
    );
    let text = s.ok(now, &["alerts"]);
    assert!(text.contains("Purchase order #1 to Pens is late"), "{text}");
    let day = s.ok(now, &["day", "2026-03-05"]);
    assert!(day.contains("#1 Pens (was due 2026-03-04, LATE)"), "{day}");
    // A day that has ended lists no alerts: its stock levels are not kept, and today's
    // would pass for that day's. It says so.
    let past = s.json(now, &["day", "2026-03-04"]);
    assert_eq!(past["alerts_not_kept"], true, "{past}");
    assert_eq!(past["alerts"], serde_json::json!([]));
    let today = s.json(now, &["day", "2026-03-05"]);
    assert_eq!(today["alerts_not_kept"], false, "{today}");
    let words = s.ok(now, &["day", "2026-03-04"]);
    assert!(words.contains("Alerts: not kept for a past day"), "{words}");
    // Received in full: no longer late.
    s.ok(now, &["po", "receive", "1"]);
    assert_eq!(
        s.json(now, &["po", "list", "--late"]),
        serde_json::json!([])
    );
    assert!(!s.ok(now, &["alerts"]).contains("late"));
    let ru = Shop { lang: "ru", ..s };
    let text = ru.ok("2026-03-22T10:00:00Z", &["alerts"]);
    assert!(text.contains("№2 (Tula) опаздывает"), "{text}");
}

/// An order written before expected dates and receipts were kept (its record alone, as an
/// older version wrote it) opens unchanged: expected after its SKUs' lead time, and its
/// receipts measure from then on.
#[test]
fn an_order_from_before_expected_dates_opens_unchanged() {
    use stockroom::domain::purchase::{PoLine, PoStatus, PurchaseOrder};
    use stockroom::store::{Reader, Store};
    let s = shop();
    {
        let store = Store::open(&s.db()).expect("open");
        let tx = store.begin_write().expect("write");
        let tea = tx.sku_id_by_code("TEA").expect("read").expect("TEA");
        tx.put_purchase_order(&PurchaseOrder {
            id: 1,
            supplier: "Tula".into(),
            status: PoStatus::Open,
            created: 1_772_359_200_000, // 2026-03-01T10:00:00Z
            created_by: "owner".into(),
            closed: None,
            lines: vec![PoLine {
                sku: tea,
                ordered: 6,
                received: 0,
            }],
        })
        .expect("put");
        tx.commit().expect("commit");
    }
    // Expected by the end of the local day its lead time (7 days) after creation ends.
    let po = s.json(T0, &["po", "show", "1"]);
    assert_eq!(po["expected"], "2026-03-08T21:00:00Z");
    s.ok("2026-03-10T10:00:00Z", &["po", "receive", "1"]);
    let r = s.json("2026-03-10T10:00:00Z", &["report", "lead-times"]);
    assert_eq!(r["rows"][0]["median"].as_f64(), Some(9.0));
    assert_eq!(r["rows"][0]["late"], 1);
}

/// Three orders to Tula for TEA received after 5, 7 and 15 days, and TEA sold 56 over the
/// 28 days to `now`: 2 a day.
fn measured_shop() -> (Shop, &'static str) {
    let s = shop();
    s.ok(T0, &["channel", "add", "Till", "--kind", "retail"]);
    for _ in 0..3 {
        s.ok(T0, &["po", "create", "TEA", "20"]);
    }
    for (po, at, sold) in [
        ("1", "2026-03-06T10:00:00Z", "20"),
        ("2", "2026-03-08T10:00:00Z", "20"),
        ("3", "2026-03-16T10:00:00Z", "16"),
    ] {
        s.ok(at, &["po", "receive", po]);
        s.ok(at, &["sell", "TEA", sold, "--channel", "Till"]);
    }
    (s, "2026-03-28T12:00:00Z")
}

#[test]
fn safety_covers_the_suppliers_measured_spread() {
    let (s, now) = measured_shop();
    let t = s.json(now, &["report", "lead-times"]);
    let tula = &t["rows"][0];
    assert_eq!(tula["supplier"], "Tula", "{t}");
    assert_eq!(
        (tula["median"].as_f64(), tula["p80"].as_u64()),
        (Some(7.0), Some(15))
    );
    // 56 sold over 28 days: 2 a day. min = 2 × 7 days = 14; the floor is ⌈14 × 25 %⌉ = 4;
    // the spread is p80 15 − median 7 = 8 days -> 16 units: safety 16, reorder at 30.
    let d = s.json(now, &["sku", "show", "TEA"]);
    assert_eq!(d["velocity"].as_f64(), Some(2.0), "{d}");
    assert_eq!(
        (
            d["min_stock"].as_u64(),
            d["safety_stock"].as_u64(),
            d["reorder_point"].as_u64()
        ),
        (Some(14), Some(16), Some(30)),
        "{d}"
    );
    assert_eq!(d["min_source"], "sales");
    assert_eq!(d["safety_source"], "lead_spread");
    assert_eq!(d["supplier_lead"]["receipts"], 3);
    assert_eq!(d["supplier_lead"]["p80"], 15);
    // 4 left, at or below the safety of 16: critical. The order covers lead + review
    // (14 days × 2 = 28) plus the safety 16, less the 4 there: 40 (28 with the floor).
    assert_eq!(
        (d["available"].as_i64(), d["status"].as_str()),
        (Some(4), Some("critical"))
    );
    assert_eq!(d["suggested"].as_u64(), Some(40));
    // The alerts, the SKU list and the detail's words agree.
    let a = s.json(now, &["alerts"]);
    let tea = a
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["code"] == "TEA"))
        .unwrap_or_else(|| panic!("TEA alerts: {a}"));
    assert_eq!(
        (
            tea["safety"].as_u64(),
            tea["reorder_point"].as_u64(),
            tea["suggested"].as_u64()
        ),
        (Some(16), Some(30), Some(40)),
        "{tea}"
    );
    assert_eq!(
        (tea["min_source"].as_str(), tea["safety_source"].as_str()),
        (Some("sales"), Some("lead_spread")),
        "{tea}"
    );
    let list = s.json(now, &["sku", "list"]);
    let row = list
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["code"] == "TEA"))
        .unwrap_or_else(|| panic!("TEA listed: {list}"));
    assert_eq!(row["safety_stock"], 16, "{row}");
    let text = s.ok(now, &["sku", "show", "TEA"]);
    assert!(
        text.contains("safety 16 = 8 d of supplier's spread (p80 15 − median 7 d) × 2.00 a day"),
        "{text}"
    );
    let ru = Shop { lang: "ru", ..s };
    let text = ru.ok(now, &["sku", "show", "TEA"]);
    assert!(
        text.contains("страх. 16 = 8 дн. разброса поставщика (p80 15 − медиана 7) × 2,00 в день"),
        "{text}"
    );
}

#[test]
fn a_spread_below_the_share_of_min_leaves_the_floor() {
    let (s, now) = measured_shop();
    // INK, also from Tula (spread 8 days), sells 1 a day with a 40-day lead time: min =
    // 1 × 40 = 40, and the floor ⌈40 × 25 %⌉ = 10 is above the spread's 8 days × 1 = 8:
    // safety stays 10, said as the share of min.
    s.ok(
        T0,
        &[
            "sku",
            "add",
            "INK",
            "--name",
            "INK",
            "--supplier",
            "Tula",
            "--lead-days",
            "40",
        ],
    );
    s.ok(T0, &["receive", "INK", "50"]);
    s.ok(
        "2026-03-10T10:00:00Z",
        &["sell", "INK", "28", "--channel", "Till"],
    );
    let d = s.json(now, &["sku", "show", "INK"]);
    assert_eq!(
        (d["min_stock"].as_u64(), d["safety_stock"].as_u64()),
        (Some(40), Some(10)),
        "{d}"
    );
    assert_eq!(d["safety_source"], "share_of_min");
    let text = s.ok(now, &["sku", "show", "INK"]);
    assert!(text.contains("safety 10 = 25 % of min"), "{text}");
    // Safety set by hand stays the owner's, spread or not.
    s.ok(now, &["sku", "edit", "TEA", "--safety", "3"]);
    let d = s.json(now, &["sku", "show", "TEA"]);
    assert_eq!(
        (d["safety_stock"].as_u64(), d["safety_source"].as_str()),
        (Some(3), Some("hand")),
        "{d}"
    );
}

#[test]
fn two_receipts_are_too_few_to_set_safety() {
    let s = shop();
    s.ok(T0, &["channel", "add", "Till", "--kind", "retail"]);
    s.ok(T0, &["po", "create", "TEA", "20"]);
    s.ok(T0, &["po", "create", "TEA", "20"]);
    s.ok("2026-03-06T10:00:00Z", &["po", "receive", "1"]);
    s.ok("2026-03-20T10:00:00Z", &["po", "receive", "2"]);
    s.ok(
        "2026-03-20T10:00:00Z",
        &["sell", "TEA", "28", "--channel", "Till"],
    );
    // 1 a day, min 7, floor ⌈1.75⌉ = 2; lead times 5 and 19 say nothing yet.
    let d = s.json("2026-03-28T12:00:00Z", &["sku", "show", "TEA"]);
    assert_eq!(
        (d["safety_stock"].as_u64(), d["safety_source"].as_str()),
        (Some(2), Some("share_of_min")),
        "{d}"
    );
    assert_eq!(d["supplier_lead"]["receipts"], 2);
}

/// A suggestion larger than one line may carry (a huge sale over a ten-year lead time) is
/// ordered at the most a line takes, and the order is received like any other.
#[test]
fn an_order_from_alerts_never_exceeds_what_a_line_takes() {
    let s = Shop::new(T0);
    s.ok(
        T0,
        &[
            "sku",
            "add",
            "BIG",
            "--name",
            "Big",
            "--supplier",
            "Bulk",
            "--lead-days",
            "3650",
        ],
    );
    s.ok(T0, &["receive", "BIG", "1000000000"]);
    s.ok(T0, &["channel", "add", "Till", "--kind", "retail"]);
    s.ok(T0, &["sell", "BIG", "1000000000", "--channel", "Till"]);
    let later = "2026-03-02T10:00:00Z";
    let po = s.json(later, &["po", "create", "--from-alerts"]);
    let order = &po["orders"][0];
    assert_eq!(order["supplier"], "Bulk", "{po}");
    assert_eq!(order["lines"][0]["ordered"], 1_000_000_000u64, "{po}");
    s.ok(later, &["po", "receive", "1"]);
    s.ok(later, &["check"]);
}

/// A purchase order that cannot be made says what to give instead, and makes nothing.
#[test]
fn an_order_that_cannot_be_made_says_what_to_give() {
    let s = shop();
    s.ok(T0, &["sku", "add", "LOOSE", "--name", "No supplier"]);
    for (args, says) in [
        (
            &["po", "create"][..],
            "a purchase order needs SKUs and quantities (`po create TEA-001 10 CUP-01 5`) or --from-alerts",
        ),
        (
            &["po", "create", "TEA"][..],
            "quantity is missing after TEA: give each SKU its quantity, e.g. TEA 10",
        ),
        (
            &["po", "create", "TEA", "1", "PEN", "1"][..],
            "these SKUs come from different suppliers (Pens, Tula): order each supplier's SKUs apart, or give --supplier",
        ),
        (
            &["po", "create", "LOOSE", "3"][..],
            "LOOSE has no supplier: give --supplier NAME, or set it first (`sku edit LOOSE --supplier NAME`)",
        ),
    ] {
        // Refused by the rules (1) or as input (2): never made.
        let (code, _, e) = s.run(T0, args);
        assert!(code == 1 || code == 2, "{args:?}: {code} {e}");
        assert!(e.contains(says), "{args:?}: {e}");
    }
    assert_eq!(s.json(T0, &["po", "list", "--all"]), serde_json::json!([]));
    // With the supplier named, the same lines are one order.
    s.ok(
        T0,
        &[
            "po",
            "create",
            "--supplier",
            "Tula",
            "TEA",
            "1",
            "LOOSE",
            "3",
        ],
    );
    let ru = Shop { lang: "ru", ..s };
    let (_, _, e) = ru.run(T0, &["po", "create", "TEA", "1", "PEN", "1"]);
    assert!(
        e.contains("эти товары от разных поставщиков (Pens, Tula)"),
        "{e}"
    );
}

/// A min and safety set by hand go back to the rule with `auto` (`авто` in Russian).
#[test]
fn thresholds_set_by_hand_go_back_to_the_rule_with_auto() {
    let s = shop();
    s.ok(T0, &["sku", "edit", "TEA", "--min", "40", "--safety", "9"]);
    let d = s.json(T0, &["sku", "show", "TEA"]);
    assert_eq!(
        (d["min_source"].as_str(), d["safety_source"].as_str()),
        (Some("hand"), Some("hand")),
        "{d}"
    );
    s.ok(
        T0,
        &["sku", "edit", "TEA", "--min", "auto", "--safety", "авто"],
    );
    let d = s.json(T0, &["sku", "show", "TEA"]);
    assert_eq!(
        (d["min_source"].as_str(), d["safety_source"].as_str()),
        (Some("sales"), Some("share_of_min")),
        "{d}"
    );
    assert_eq!(
        (d["min_stock"].as_u64(), d["safety_stock"].as_u64()),
        (Some(0), Some(0))
    );
    let e = s.refused(T0, &["sku", "edit", "TEA", "--min", "automatic"]);
    assert!(e.contains("min \"automatic\" is not a number"), "{e}");
}

/// An archived SKU is not ordered from suppliers nor promoted.
#[test]
fn an_archived_sku_is_not_ordered_nor_promoted() {
    let s = shop();
    s.ok(T0, &["channel", "add", "Ozon", "--kind", "marketplace"]);
    s.ok(T0, &["sku", "archive", "PEN"]);
    for args in [
        &["po", "create", "PEN", "5"][..],
        &[
            "promo",
            "add",
            "Ozon",
            "--from",
            "2026-03-10",
            "--to",
            "2026-03-12",
            "--uplift",
            "2",
            "--sku",
            "PEN",
        ][..],
    ] {
        let (code, _, e) = s.run(T0, args);
        assert_eq!(code, 1, "{args:?}: {e}");
        assert!(e.contains("SKU PEN is archived"), "{args:?}: {e}");
    }
    assert_eq!(s.json(T0, &["po", "list", "--all"]), serde_json::json!([]));
    assert_eq!(s.json(T0, &["promo", "list"]), serde_json::json!([]));
}
