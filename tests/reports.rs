//! The owner's reports on the real binary: `history` with filters, `report stock-value`,
//! `report slow` and `day`. Every run pins the clock and the time zone (see `shop`), so the
//! figures are the same on any day and machine; every expected figure is worked out by hand
//! in the test.

mod shop;

use serde_json::Value;
use shop::{LATER, Shop};

/// The seqs of a `history --json` answer, newest first.
fn seqs(v: &Value) -> Vec<u64> {
    v.as_array()
        .expect("history is an array")
        .iter()
        .map(|m| m["seq"].as_u64().expect("seq"))
        .collect()
}

/// A shop with one SKU and two channels, and four days of movements:
/// seq 1 receive 10 (Mar 1, 13:00 MSK), seq 2 sell 2 at the till (Mar 1 22:30 UTC, which is
/// already Mar 2 in Moscow), seq 3 reserve 3 for Ozon and seq 4 its shipment (Mar 2),
/// seq 5 sell 1 at the till (Mar 3).
fn four_days() -> Shop {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t0 = "2026-03-01T09:00:00Z";
    s.ok(
        t0,
        &[
            "sku", "add", "TEA", "--name", "Чай", "--cost", "100", "--price", "250",
        ],
    );
    s.ok(t0, &["channel", "add", "Ozon", "--kind", "marketplace"]);
    s.ok(t0, &["channel", "add", "Till", "--kind", "retail"]);
    s.ok("2026-03-01T10:00:00Z", &["receive", "TEA", "10"]);
    s.ok(
        "2026-03-01T22:30:00Z",
        &["sell", "TEA", "2", "--channel", "Till"],
    );
    s.ok(
        "2026-03-02T12:00:00Z",
        &[
            "reserve",
            "TEA",
            "3",
            "--channel",
            "Ozon",
            "--order",
            "OZ-1",
        ],
    );
    s.ok("2026-03-02T12:05:00Z", &["ship", "1"]);
    s.ok(
        "2026-03-03T09:00:00Z",
        &["sell", "TEA", "1", "--channel", "Till"],
    );
    s
}

#[test]
fn history_filters_by_local_day_kind_channel_and_person() {
    let mut s = four_days();
    let all = s.json(LATER, &["history"]);
    assert_eq!(seqs(&all), vec![5, 4, 3, 2, 1]);
    // March 2 in Moscow runs from Mar 1 21:00 UTC to Mar 2 21:00 UTC: the late sale of
    // Mar 1 (UTC) belongs to it.
    let day = s.json(
        LATER,
        &["history", "--from", "2026-03-02", "--to", "2026-03-02"],
    );
    assert_eq!(seqs(&day), vec![4, 3, 2]);
    let sells = s.json(
        LATER,
        &["history", "--kind", "sell", "--from", "2026-03-02"],
    );
    assert_eq!(seqs(&sells), vec![5, 2]);
    let ozon = s.json(LATER, &["history", "--channel", "ozon"]);
    assert_eq!(seqs(&ozon), vec![4, 3]);
    let till_to = s.json(
        LATER,
        &["history", "--channel", "Till", "--to", "2026-03-02"],
    );
    assert_eq!(seqs(&till_to), vec![2]);
    let me = all[0]["actor"].as_str().expect("actor").to_string();
    let mine = s.json(LATER, &["history", "--actor", &me, "--limit", "2"]);
    assert_eq!(seqs(&mine), vec![5, 4], "the newest two that match");
    assert_eq!(
        seqs(&s.json(LATER, &["history", "--actor", "nobody-else"])),
        Vec::<u64>::new()
    );
    let out = s.ok(LATER, &["history", "--actor", "nobody-else"]);
    assert_eq!(out.trim(), "No ledger entries match");
    // The same day in UTC leaves the late sale on March 1.
    s.tz = "UTC0";
    let utc = s.json(
        LATER,
        &["history", "--from", "2026-03-02", "--to", "2026-03-02"],
    );
    assert_eq!(seqs(&utc), vec![4, 3]);
}

#[test]
fn history_refuses_bad_dates_kinds_and_channels_clearly() {
    let mut s = four_days();
    let e = s.refused(LATER, &["history", "--from", "2026-02-30"]);
    assert!(
        e.contains("from date \"2026-02-30\" is not a date; write it as YYYY-MM-DD"),
        "{e}"
    );
    let e = s.refused(LATER, &["history", "--to", "yesterday"]);
    assert!(e.contains("to date \"yesterday\" is not a date"), "{e}");
    let e = s.refused(
        LATER,
        &["history", "--from", "2026-03-03", "--to", "2026-03-01"],
    );
    assert!(e.contains("is before the start date 2026-03-03"), "{e}");
    let e = s.refused(LATER, &["history", "--kind", "sale"]);
    assert!(e.contains("must be one of: receive, reserve"), "{e}");
    let (code, _, e) = s.run(LATER, &["history", "--channel", "Wildberries"]);
    assert_ne!(code, 0);
    assert!(e.contains("Wildberries"), "{e}");
    s.lang = "ru";
    let e = s.refused(LATER, &["history", "--from", "01.03.2026"]);
    assert!(
        e.contains("начальная дата \"01.03.2026\": не дата; укажите дату как ГГГГ-ММ-ДД"),
        "{e}"
    );
    let e = s.refused(
        LATER,
        &["history", "--from", "2026-03-03", "--to", "2026-03-01"],
    );
    assert!(
        e.contains("конечная дата \"2026-03-01\": раньше начальной даты 2026-03-03"),
        "{e}"
    );
}

/// Tea sells 14 in the last 28 days and has far too much; mugs and pens never sold since
/// New Year (pens have no cost). Two locations; two mugs are defective.
fn slow_shop() -> Shop {
    let s = Shop::new("2025-12-31T08:00:00Z");
    let t = "2025-12-31T09:00:00Z";
    s.ok(
        t,
        &[
            "sku",
            "add",
            "TEA",
            "--name",
            "Чай",
            "--cost",
            "100",
            "--price",
            "250",
            "--lead-days",
            "10",
            "--safety",
            "2",
        ],
    );
    s.ok(
        t,
        &["sku", "add", "MUG", "--name", "Кружка", "--cost", "40,50"],
    );
    s.ok(t, &["sku", "add", "PEN", "--name", "Ручка"]);
    s.ok(t, &["location", "add", "Shop"]);
    s.ok(t, &["channel", "add", "Till", "--kind", "retail"]);
    let jan1 = "2026-01-01T10:00:00Z";
    s.ok(jan1, &["receive", "TEA", "50"]);
    s.ok(jan1, &["receive", "TEA", "10", "--at", "Shop"]);
    s.ok(jan1, &["receive", "MUG", "8"]);
    s.ok(jan1, &["receive", "PEN", "5", "--at", "Shop"]);
    s.ok(
        "2026-01-02T10:00:00Z",
        &["defect", "MUG", "2", "--reason", "packaging"],
    );
    s.ok(
        "2026-02-20T10:00:00Z",
        &["sell", "TEA", "7", "--channel", "Till"],
    );
    s.ok(
        "2026-03-01T10:00:00Z",
        &["sell", "TEA", "7", "--channel", "Till"],
    );
    s
}

#[test]
fn stock_value_per_location_at_cost() {
    let mut s = slow_shop();
    let v = s.json(LATER, &["report", "stock-value"]);
    assert_eq!(v["currency"], "RUB");
    // Main: tea 50 - 14 = 36 x 100 = 3600.00, mugs 6 x 40.50 = 243.00; 2 defective mugs 81.00.
    // Shop: tea 10 x 100 = 1000.00; 5 pens without a cost.
    let locs = v["locations"].as_array().expect("locations");
    assert_eq!(locs.len(), 2);
    assert_eq!(locs[0]["location"], "Main warehouse");
    assert_eq!(
        (locs[0]["units"].as_u64(), locs[0]["value"].as_str()),
        (Some(42), Some("3843.00"))
    );
    assert_eq!(locs[0]["value_minor"], 384_300);
    assert_eq!(
        (
            locs[0]["defective"].as_u64(),
            locs[0]["defective_value"].as_str()
        ),
        (Some(2), Some("81.00"))
    );
    assert_eq!(locs[1]["location"], "Shop");
    assert_eq!(
        (locs[1]["units"].as_u64(), locs[1]["value"].as_str()),
        (Some(15), Some("1000.00"))
    );
    assert_eq!(
        (v["units"].as_u64(), v["value"].as_str()),
        (Some(57), Some("4843.00"))
    );
    assert_eq!(v["defective_value"], "81.00");
    assert_eq!(v["uncosted_units"], 5);
    let text = s.ok(LATER, &["report", "stock-value"]);
    assert!(text.contains("3843.00 ₽"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("Total") && l.contains("4843.00 ₽") && l.contains("81.00 ₽")),
        "{text}"
    );
    assert!(text.contains("5 units have no cost set"), "{text}");
    s.lang = "ru";
    let text = s.ok(LATER, &["report", "stock-value"]);
    assert!(
        text.contains("Остатки по себестоимости") && text.contains("Итого"),
        "{text}"
    );
    assert!(text.contains("у 5 шт. не указана себестоимость"), "{text}");
}

#[test]
fn slow_report_finds_dead_stock_and_overstock_with_their_money() {
    let mut s = slow_shop();
    let r = s.json(LATER, &["report", "slow"]);
    assert_eq!(
        (r["currency"].as_str(), r["dead_days"].as_u64()),
        (Some("RUB"), Some(60))
    );
    let rows = r["rows"].as_array().expect("rows");
    let codes: Vec<&str> = rows
        .iter()
        .map(|x| x["code"].as_str().expect("code"))
        .collect();
    // Most money first: tea 3900.00, mugs 243.00, pens (no cost) 0.
    assert_eq!(codes, vec!["TEA", "MUG", "PEN"]);
    // Tea: 14 sold over 28 days = 0.5 a day; 46 available last 46 x 28 / 14 = 92 days.
    // Safety 2 lasts 2 x 28 / 14 = 4 days; lead 10: 14 days; 92 > 3 x 14 = 42: overstock.
    // 14 days need 14 x 14 / 28 = 7 units: 46 - 7 = 39 beyond, x 100 = 3900.00.
    let tea = &rows[0];
    assert_eq!(tea["kind"], "overstock");
    assert_eq!(
        (tea["days_of_cover"].as_u64(), tea["target_days"].as_u64()),
        (Some(92), Some(14))
    );
    assert_eq!(
        (tea["on_hand"].as_u64(), tea["units"].as_u64()),
        (Some(46), Some(39))
    );
    assert_eq!(tea["value"], "3900.00");
    assert_eq!(tea["last_sale"], "2026-03-01T10:00:00Z");
    // Mugs: never sold; in stock since Jan 1 10:00, 63 days before Mar 5 10:00 (> 60): dead.
    // All 6 sellable mugs are frozen: 6 x 40.50 = 243.00.
    let mug = &rows[1];
    assert_eq!(
        (mug["kind"].as_str(), mug["idle_days"].as_u64()),
        (Some("dead"), Some(63))
    );
    assert_eq!(
        (mug["units"].as_u64(), mug["value"].as_str()),
        (Some(6), Some("243.00"))
    );
    assert!(mug["last_sale"].is_null());
    assert_eq!(
        (rows[2]["costed"].as_bool(), rows[2]["value"].as_str()),
        (Some(false), Some("0.00"))
    );
    assert_eq!(
        (r["dead_value"].as_str(), r["overstock_value"].as_str()),
        (Some("243.00"), Some("3900.00"))
    );
    // Dead only after 70 days: mugs and pens drop out, tea stays.
    let r70 = s.json(LATER, &["report", "slow", "--days", "70"]);
    assert_eq!(r70["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(r70["dead_value"], "0.00");
    let text = s.ok(LATER, &["report", "slow"]);
    assert!(
        text.contains("Dead stock: 243.00 ₽ · overstock: 3900.00 ₽"),
        "{text}"
    );
    assert!(text.contains("no cost") && text.contains("never"), "{text}");
    s.lang = "ru";
    let text = s.ok(LATER, &["report", "slow"]);
    assert!(
        text.contains("Неликвид: 243.00 ₽ · избыток: 3900.00 ₽"),
        "{text}"
    );
    assert!(
        text.contains("неликвид") && text.contains("избыток"),
        "{text}"
    );
    let e = s.refused(LATER, &["report", "slow", "--days", "0"]);
    assert!(e.contains("дней \"0\": должно быть не меньше 1"), "{e}");
}

/// Two days of a small shop (times in UTC; Moscow is 3 hours ahead), for `day`.
fn day_shop() -> Shop {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-01T09:00:00Z";
    s.ok(
        t,
        &[
            "sku",
            "add",
            "TEA",
            "--name",
            "Чай",
            "--cost",
            "100",
            "--lead-days",
            "1",
            "--supplier",
            "Tula",
        ],
    );
    s.ok(
        t,
        &["sku", "add", "MUG", "--name", "Кружка", "--cost", "40"],
    );
    s.ok(t, &["channel", "add", "Ozon", "--kind", "marketplace"]);
    s.ok(t, &["channel", "add", "Till", "--kind", "retail"]);
    s.ok(t, &["channel", "rules", "Ozon", "--hold-ttl", "2h"]);
    s.ok("2026-03-01T10:00:00Z", &["receive", "TEA", "10"]);
    s.ok("2026-03-01T10:00:00Z", &["receive", "MUG", "5"]);
    // Due when Tula's lead time of 1 day has run: Mar 2 11:00 UTC.
    s.ok(
        "2026-03-01T11:00:00Z",
        &["po", "create", "--supplier", "Tula", "TEA", "20"],
    );
    // 01:30 on Mar 2 in Moscow.
    s.ok(
        "2026-03-01T22:30:00Z",
        &["sell", "TEA", "2", "--channel", "Till"],
    );
    s.ok(
        "2026-03-02T12:00:00Z",
        &[
            "reserve",
            "TEA",
            "3",
            "--channel",
            "Ozon",
            "--order",
            "OZ-1",
        ],
    );
    s.ok("2026-03-02T12:05:00Z", &["ship", "1"]);
    // Held until 15:00 UTC and never shipped: the next write (15:30) expires it.
    s.ok(
        "2026-03-02T13:00:00Z",
        &[
            "reserve",
            "TEA",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-2",
        ],
    );
    s.ok(
        "2026-03-02T14:00:00Z",
        &[
            "return",
            "TEA",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-1",
            "--restock",
        ],
    );
    s.ok(
        "2026-03-02T15:30:00Z",
        &["defect", "MUG", "1", "--reason", "packaging"],
    );
    s.ok("2026-03-02T16:00:00Z", &["receive", "MUG", "4"]);
    // Mugs on record: 5 - 1 + 4 = 8; counted 7: the count takes 1 away.
    s.ok("2026-03-02T17:00:00Z", &["count", "start"]);
    s.ok("2026-03-02T17:10:00Z", &["count", "add", "1", "MUG", "7"]);
    s.ok("2026-03-02T17:20:00Z", &["count", "apply", "1"]);
    s.ok(
        "2026-03-03T09:00:00Z",
        &["sell", "TEA", "1", "--channel", "Till"],
    );
    // Held until 11:30 UTC; nothing is written after it.
    s.ok(
        "2026-03-03T09:30:00Z",
        &[
            "reserve",
            "TEA",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-3",
        ],
    );
    s
}

#[test]
fn the_day_report_counts_the_local_day() {
    let mut s = day_shop();
    let d = s.json(LATER, &["day", "2026-03-02"]);
    assert_eq!(
        (d["from"].as_str(), d["to"].as_str()),
        (Some("2026-03-01T21:00:00Z"), Some("2026-03-02T21:00:00Z"))
    );
    assert_eq!(d["received"], 4);
    assert_eq!(d["received_skus"][0]["code"], "MUG");
    let ch = d["channels"].as_array().expect("channels");
    assert_eq!(ch.len(), 2);
    assert_eq!(
        (
            ch[0]["channel"].as_str(),
            ch[0]["shipped"].as_u64(),
            ch[0]["returned"].as_u64()
        ),
        (Some("Ozon"), Some(3), Some(1))
    );
    assert_eq!(
        (ch[1]["channel"].as_str(), ch[1]["sold"].as_u64()),
        (Some("Till"), Some(2))
    );
    assert_eq!(
        (
            d["sold"].as_u64(),
            d["shipped"].as_u64(),
            d["returned"].as_u64()
        ),
        (Some(2), Some(3), Some(1))
    );
    assert_eq!(d["defects"], 1);
    assert_eq!(
        (
            d["defect_reasons"][0]["reason"].as_str(),
            d["defect_reasons"][0]["units"].as_u64()
        ),
        (Some("packaging"), Some(1))
    );
    let counts = d["counts"].as_array().expect("counts");
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (
            counts[0]["entries"].as_u64(),
            counts[0]["up"].as_u64(),
            counts[0]["down"].as_u64()
        ),
        (Some(1), Some(0), Some(1))
    );
    assert_eq!(d["overdue_holds"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        d["expired"], 1,
        "OZ-2's hold ran out at 15:00 and was released"
    );
    // On Mar 3 at 12:00 UTC OZ-3's hold (to 11:30) has run out and nothing released it yet.
    let d3 = s.json("2026-03-03T12:00:00Z", &["day", "2026-03-03"]);
    let holds = d3["overdue_holds"].as_array().expect("holds");
    assert_eq!(holds.len(), 1, "{holds:?}");
    assert_eq!(holds[0]["order"], "OZ-3");
    assert_eq!(
        (d3["sold"].as_u64(), d3["expired"].as_u64()),
        (Some(1), Some(0))
    );
    let due = d["purchase_orders_due"].as_array().expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(
        (
            due[0]["supplier"].as_str(),
            due[0]["due"].as_str(),
            due[0]["outstanding"].as_u64()
        ),
        (Some("Tula"), Some("2026-03-02T21:00:00Z"), Some(20))
    );
    assert!(d["alerts"].is_array() && d["drift"].as_array().is_some_and(Vec::is_empty));
    // The day before in Moscow: only the morning's receipts; the order is not due yet.
    let d1 = s.json(LATER, &["day", "2026-03-01"]);
    assert_eq!(
        (d1["received"].as_u64(), d1["sold"].as_u64()),
        (Some(15), Some(0))
    );
    assert_eq!(d1["purchase_orders_due"].as_array().map(Vec::len), Some(0));
    assert_eq!(d1["overdue_holds"].as_array().map(Vec::len), Some(0));
    // Without a date: today, by the pinned clock (Mar 2, 20:00 UTC = 23:00 in Moscow).
    let today = s.json("2026-03-02T20:00:00Z", &["day"]);
    assert_eq!(today["from"], "2026-03-01T21:00:00Z");
    let text = s.ok(LATER, &["day", "2026-03-02"]);
    assert!(
        text.starts_with("The day 2026-03-02 (your local day)\nReceived: 4 units (MUG 4)"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("Total")
            && l.split_whitespace().collect::<Vec<_>>() == ["Total", "2", "3", "1", "0"]),
        "{text}"
    );
    assert!(
        text.contains(
            "Defects found in stock: 1 units; defects by reason, returns included: packaging 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("Counts applied: count #1: 1 lines, +0 / -1"),
        "{text}"
    );
    assert!(
        text.contains("Reservations past their hold: 0 (none); units released by expired holds: 1"),
        "{text}"
    );
    let text3 = s.ok("2026-03-03T12:00:00Z", &["day", "2026-03-03"]);
    assert!(
        text3.contains("Reservations past their hold: 1 (#3 Ozon OZ-3 TEA x1)"),
        "{text3}"
    );
    assert!(
        text.contains(
            // Due by the end of that day: not late within it.
            "Purchase orders due or late: 1 (#1 Tula (due 2026-03-02), 20 units outstanding)"
        ),
        "{text}"
    );
    assert!(
        text3.contains(
            "Purchase orders due or late: 1 (#1 Tula (was due 2026-03-02, LATE), 20 units outstanding)"
        ),
        "{text3}"
    );
    s.lang = "ru";
    let text = s.ok(LATER, &["day", "2026-03-02"]);
    assert!(
        text.starts_with("Итоги дня 2026-03-02 (по местному времени)\nПринято: 4 шт. (MUG 4)"),
        "{text}"
    );
    assert!(text.contains("Заказы поставщикам к сроку или опаздывающие: 1 (№1 Tula (срок 2026-03-02), ожидается 20 шт.)"), "{text}");
    // The next day it is late.
    let text = s.ok(LATER, &["day", "2026-03-03"]);
    assert!(text.contains("Заказы поставщикам к сроку или опаздывающие: 1 (№1 Tula (срок был 2026-03-02, ОПАЗДЫВАЕТ), ожидается 20 шт.)"), "{text}");
    // A day still to come is refused in words (LATER is 2026-03-03 in Moscow or later).
    let e = s.refused(LATER, &["day", "2099-01-01"]);
    assert!(e.contains("дата \"2099-01-01\": ещё не наступила"), "{e}");
    let e = s.refused(LATER, &["day", "02.03.2026"]);
    assert!(e.contains("дата \"02.03.2026\": не дата"), "{e}");
}

#[test]
fn the_day_report_goes_to_an_xlsx_workbook() {
    use calamine::{Reader, Xlsx, open_workbook};
    let s = day_shop();
    let out = s.path("day.xlsx");
    let out_s = out.to_str().expect("utf-8 path");
    s.ok(LATER, &["day", "2026-03-02", "--out", out_s]);
    let mut wb: Xlsx<_> = open_workbook(&out).expect("an xlsx workbook");
    assert_eq!(
        wb.sheet_names(),
        vec!["Day", "Channels", "Received", "Attention"]
    );
    let ch = wb.worksheet_range("Channels").expect("Channels");
    let rows: Vec<Vec<String>> = ch
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        vec![
            "channel",
            "sold",
            "shipped",
            "returned",
            "returned defective"
        ]
    );
    assert_eq!(rows[1], vec!["Ozon", "0", "3", "1", "0"]);
    assert_eq!(rows[2], vec!["Till", "2", "0", "0", "0"]);
    // An existing file needs --force; a file that is not .xlsx is refused.
    let (code, _, err) = s.run(LATER, &["day", "2026-03-02", "--out", out_s]);
    assert_ne!(code, 0, "{err}");
    s.ok(LATER, &["day", "2026-03-02", "--out", out_s, "--force"]);
    let csv = s.path("day.csv");
    let e = s.refused(LATER, &["day", "--out", csv.to_str().expect("utf-8")]);
    assert!(e.contains("give a file name ending in .xlsx"), "{e}");
    assert!(!csv.exists());
}

/// Stock worth more than money can hold is refused, with what to do, never shown as the
/// largest number there is.
#[test]
fn stock_value_and_slow_stock_too_large_to_hold_are_refused() {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-01T08:00:00Z";
    s.ok(
        t,
        &["sku", "add", "BIG", "--name", "Big", "--cost", "99999999"],
    );
    s.ok(t, &["receive", "BIG", "1000000000"]);
    for args in [
        &["report", "stock-value"][..],
        &["report", "slow", "--days", "1"][..],
    ] {
        let (code, out, err) = s.run("2026-09-01T08:00:00Z", args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains("cannot be shown right"), "{args:?}: {err}");
    }
}

/// Stock the forecast sells in time is not frozen: the tea that lasts 92 days at the past
/// pace is overstock, until a promotion on its only channel (×10 for 30 days) expects to sell
/// all 46 within the 42 days overstock looks at.
#[test]
fn stock_a_promotion_will_sell_is_not_overstock() {
    let s = slow_shop();
    let codes = |s: &Shop| -> Vec<String> {
        s.json(LATER, &["report", "slow"])["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|x| x["code"].as_str().expect("code").to_string())
            .collect()
    };
    assert_eq!(codes(&s), ["TEA", "MUG", "PEN"]);
    s.ok(
        LATER,
        &[
            "promo",
            "add",
            "Till",
            "--from",
            "2026-03-06",
            "--to",
            "2026-04-04",
            "--uplift",
            "10",
        ],
    );
    assert_eq!(codes(&s), ["MUG", "PEN"]);
}

/// Output that cannot be written (a full disk) is said in words with exit code 3, never a
/// crash and never a silent 0, and a change the command made stays made, once.
#[test]
fn output_that_cannot_be_written_is_said_and_the_change_stays() {
    let s = slow_shop();
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full on this system: nothing to write into
    };
    for args in [
        &["receive", "PEN", "1"][..],
        &["receive", "PEN", "1", "--json"][..],
        &["report", "slow"][..],
        &["report", "slow", "--json"][..],
    ] {
        let out = s
            .command(LATER, args)
            .stdout(full.try_clone().expect("dup"))
            .output()
            .expect("run stockroom");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(
            err.contains("the output could not be written") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
    // Both receipts were saved, each once: 5 + 2.
    let pen = s.json(LATER, &["sku", "show", "PEN"]);
    assert_eq!(pen["on_hand"], 7, "{pen}");
}
